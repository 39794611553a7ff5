package dev.weft.node.cli;

import dev.weft.node.IceServer;
import picocli.CommandLine;

/** {@code --ice-server} values; see {@link IceServer#parse}. */
public final class IceServerConverter implements CommandLine.ITypeConverter<IceServer> {
    @Override
    public IceServer convert(String value) {
        try {
            return IceServer.parse(value);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.TypeConversionException(e.getMessage());
        }
    }
}

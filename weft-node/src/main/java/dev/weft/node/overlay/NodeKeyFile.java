package dev.weft.node.overlay;

import dev.weft.overlay.Identity;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * The node's Ed25519 key in a file ({@code --key-file}, docs/overlay.md "Identity"): PKCS#8 PEM
 * ("-----BEGIN PRIVATE KEY-----"), the format of {@code openssl genpkey -algorithm ed25519}. Created with mode
 * 0600 when missing; an unreadable or malformed file is refused with a message that names it (the node does
 * not start with a different id behind the operator's back).
 */
final class NodeKeyFile {
    private static final int MAX_BYTES = 4096;

    private NodeKeyFile() {
    }

    static Identity loadOrCreate(Path file) {
        if (!Files.exists(file)) {
            Identity id = Identity.generate();
            try {
                Path dir = file.toAbsolutePath().getParent();
                if (dir != null) {
                    Files.createDirectories(dir);
                }
                try {
                    Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                } catch (UnsupportedOperationException e) {
                    Files.createFile(file);
                }
                Files.writeString(file, id.toPem(), StandardCharsets.US_ASCII);
                return id;
            } catch (FileAlreadyExistsException e) {
                return load(file);
            } catch (IOException e) {
                throw new IllegalArgumentException("--key-file " + file + ": cannot create the key file: " + e.getMessage());
            }
        }
        return load(file);
    }

    private static Identity load(Path file) {
        String text;
        try {
            if (Files.size(file) > MAX_BYTES) {
                throw new IllegalArgumentException("--key-file " + file + ": not an Ed25519 PKCS#8 PEM key (too large)");
            }
            text = Files.readString(file, StandardCharsets.US_ASCII);
        } catch (IOException | RuntimeException e) {
            if (e instanceof IllegalArgumentException iae && iae.getMessage().startsWith("--key-file")) {
                throw iae;
            }
            throw new IllegalArgumentException("--key-file " + file + ": cannot read the key file: " + e.getMessage());
        }
        try {
            return Identity.fromPem(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--key-file " + file + ": not an Ed25519 PKCS#8 PEM private key ("
                    + e.getMessage() + ")");
        }
    }
}

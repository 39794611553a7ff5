package dev.weft.node.cli;

import dev.weft.node.NodeConfig;
import dev.weft.node.lobby.LobbySettings;
import java.time.Duration;
import picocli.CommandLine.Option;

/** Flags of the lobby (master server): entry TTL and limits. */
public final class LobbyOptions implements FeatureOptions {
    @Option(names = "--lobby-ttl", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Drop a lobby entry whose host sent no heartbeat for this long (500ms-1h). Default: 15s.")
    Duration ttl = LobbySettings.DEFAULTS.ttl();

    @Option(names = "--lobby-max-per-peer", paramLabel = "N",
            description = "Lobby entries one peer may publish at once. Default: ${DEFAULT-VALUE}.")
    int maxPerPeer = LobbySettings.DEFAULTS.maxPerPeer();

    @Option(names = "--lobby-max-entries", paramLabel = "N",
            description = "Lobby entries in all. Default: ${DEFAULT-VALUE}.")
    int maxEntries = LobbySettings.DEFAULTS.maxEntries();

    @Override
    public void contribute(NodeConfig.Builder builder) {
        builder.extension(LobbySettings.class, new LobbySettings(ttl, maxPerPeer, maxEntries));
    }
}

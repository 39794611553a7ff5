package dev.weft.node.cli;

import dev.weft.node.NodeConfig;

/**
 * The flags of one node feature: a picocli mixin (a class with {@code @Option} fields) that puts its
 * settings into the node config with {@link NodeConfig.Builder#extension}. Add it to {@link NodeCommand} as
 * a {@code @Mixin} field and list it in {@link NodeCommand#featureOptions()}.
 */
public interface FeatureOptions {
    /** Validates the flags (throw IllegalArgumentException with a one-line reason) and adds the settings. */
    void contribute(NodeConfig.Builder builder);
}

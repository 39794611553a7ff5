package dev.weft.node.feature;

import dev.weft.node.NodeConfig;
import java.util.ArrayList;
import java.util.List;

/**
 * The features a node runs, in start order. A new capability adds one line here (and reads its settings
 * from the config's extensions); nothing else in the node needs to change.
 */
public final class NodeFeatures {
    private NodeFeatures() {
    }

    public static List<NodeFeature> create(NodeConfig config) {
        List<NodeFeature> features = new ArrayList<>();
        features.add(new dev.weft.node.cluster.ClusterFeature());
        features.add(new CoreFeatures.Classic());
        features.add(new dev.weft.node.turn.TurnFeature());
        features.add(new dev.weft.node.peerjs.PeerJsFeature());
        features.add(new dev.weft.node.lobby.LobbyFeature());
        features.add(new dev.weft.node.overlay.OverlayFeature());
        return features;
    }
}

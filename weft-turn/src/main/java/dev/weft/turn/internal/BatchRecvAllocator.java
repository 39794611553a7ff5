package dev.weft.turn.internal;

import io.netty.channel.DefaultMaxMessagesRecvByteBufAllocator;
import io.netty.util.UncheckedBooleanSupplier;

/**
 * Receive buffers for level-triggered epoll datagram sockets that read with recvmmsg: one buffer of
 * {@code size} bytes per read, and reading stops as soon as a recvmmsg call returns fewer datagrams than it had
 * slots (the socket is drained), instead of issuing one more call that only returns EAGAIN. Safe only in
 * level-triggered mode, where epoll reports the socket again if more datagrams arrive: Netty 4.2 registers its
 * epoll channels level-triggered (EPOLLET is gone from AbstractEpollChannel; EPOLL_MODE is a no-op).
 */
final class BatchRecvAllocator extends DefaultMaxMessagesRecvByteBufAllocator {
    private final int size;

    BatchRecvAllocator(int size, int maxReadsPerEvent) {
        super(maxReadsPerEvent);
        this.size = size;
    }

    @Override
    @SuppressWarnings("deprecation")
    public Handle newHandle() {
        return new MaxMessageHandle() {
            private final UncheckedBooleanSupplier batchWasFull = () -> attemptedBytesRead() == lastBytesRead();

            @Override
            public int guess() {
                return size;
            }

            @Override
            public boolean continueReading(UncheckedBooleanSupplier ignored) {
                return super.continueReading(batchWasFull);
            }
        };
    }
}

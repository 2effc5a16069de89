package dev.postern.net;

import java.net.BindException;
import java.net.InetSocketAddress;

/** Binding a port below 1024 was refused for lack of privilege; the caller may fall back. */
public final class PrivilegedPortException extends BindException {

    private final transient InetSocketAddress address;

    public PrivilegedPortException(InetSocketAddress address, String cause) {
        super("not permitted to bind privileged port " + address + " (" + cause + ")");
        this.address = address;
    }

    public InetSocketAddress address() {
        return address;
    }

    /** Turns a bind failure into this exception when it is a permission problem on a low port. */
    static BindException classify(InetSocketAddress address, BindException failure) {
        String message = String.valueOf(failure.getMessage()).toLowerCase(java.util.Locale.ROOT);
        boolean privileged = address.getPort() > 0 && address.getPort() < 1024;
        if (privileged && (message.contains("permission denied") || message.contains("access"))) {
            PrivilegedPortException typed = new PrivilegedPortException(address, failure.getMessage());
            typed.initCause(failure);
            return typed;
        }
        BindException described = new BindException("cannot bind " + address + ": " + failure.getMessage());
        described.initCause(failure);
        return described;
    }
}

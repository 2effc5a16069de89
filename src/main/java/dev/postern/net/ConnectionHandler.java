package dev.postern.net;

import java.io.IOException;

/**
 * What a listener runs for each accepted connection, on that connection's own virtual thread.
 * The listener closes the connection when this returns or throws.
 */
@FunctionalInterface
public interface ConnectionHandler {

    void handle(Connection connection) throws IOException;
}

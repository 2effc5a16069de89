package dev.postern.dns;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * A DNS server on a loopback UDP port (port 0), speaking the wire protocol through dnsjava's
 * message classes, answering from records the test adds. Never a live lookup.
 */
public final class TestDns implements AutoCloseable {

    private final DatagramSocket socket;
    private final Map<String, List<Record>> records = new ConcurrentHashMap<>();
    private final Map<String, Integer> rcodes = new ConcurrentHashMap<>();
    private final Set<String> silent = ConcurrentHashMap.newKeySet();
    public final List<String> queries = new CopyOnWriteArrayList<>();
    private final Thread thread;

    public TestDns() throws IOException {
        socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        thread = Thread.ofVirtual().start(this::serve);
    }

    public InetSocketAddress address() {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), socket.getLocalPort());
    }

    /** Adds a record in zone-file form, e.g. {@code add("example.test", "MX", "10 mx1.example.test.")}. */
    public TestDns add(String name, String type, String rdata) throws IOException {
        Name owner = Name.fromString(name, Name.root);
        var record = Record.fromString(owner, Type.value(type), DClass.IN, 300, rdata, Name.root);
        records.computeIfAbsent(key(owner, Type.value(type)), k -> new CopyOnWriteArrayList<>()).add(record);
        return this;
    }

    public TestDns nxdomain(String name) {
        rcodes.put(name.toLowerCase() + ".", Rcode.NXDOMAIN);
        return this;
    }

    public TestDns servfail(String name) {
        rcodes.put(name.toLowerCase() + ".", Rcode.SERVFAIL);
        return this;
    }

    /** Queries for this name get no answer at all (a timeout). */
    public TestDns silent(String name) {
        silent.add(name.toLowerCase() + ".");
        return this;
    }

    private void serve() {
        byte[] buf = new byte[4096];
        while (!socket.isClosed()) {
            try {
                var packet = new DatagramPacket(buf, buf.length);
                socket.receive(packet);
                var query = new Message(java.util.Arrays.copyOf(packet.getData(), packet.getLength()));
                byte[] answer = answer(query);
                if (answer != null) {
                    socket.send(new DatagramPacket(answer, answer.length, packet.getSocketAddress()));
                }
            } catch (IOException e) {
                if (socket.isClosed()) {
                    return;
                }
            }
        }
    }

    private byte[] answer(Message query) {
        Record question = query.getQuestion();
        String name = question.getName().toString().toLowerCase();
        queries.add(name + "/" + Type.string(question.getType()));
        if (silent.contains(name)) {
            return null;
        }
        var response = new Message(query.getHeader().getID());
        response.getHeader().setFlag(Flags.QR);
        response.getHeader().setFlag(Flags.AA);
        response.addRecord(question, Section.QUESTION);
        Integer rcode = rcodes.get(name);
        if (rcode != null) {
            response.getHeader().setRcode(rcode);
        } else {
            records.getOrDefault(key(question.getName(), question.getType()), List.of())
                    .forEach(r -> response.addRecord(r, Section.ANSWER));
        }
        return response.toWire();
    }

    private static String key(Name name, int type) {
        return name.toString().toLowerCase() + "/" + type;
    }

    @Override
    public void close() throws InterruptedException {
        socket.close();
        thread.join(2000);
    }
}

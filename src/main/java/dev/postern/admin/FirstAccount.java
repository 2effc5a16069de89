package dev.postern.admin;

/** The domain and mailbox {@link Admin#firstRun()} created, with the password shown once. */
public record FirstAccount(String domain, String address, String password) {
    @Override
    public String toString() {
        return "FirstAccount[domain=" + domain + ", address=" + address + ", password=***]";
    }
}

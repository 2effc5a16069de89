package dev.postern.intake;

import dev.postern.policy.SenderCheck;
import dev.postern.smtp.Reply;
import dev.postern.smtp.ReversePath;
import java.util.List;
import java.util.Optional;

/**
 * Which envelope senders an authenticated account may use ({@code submission.sender_check}):
 * the pure {@link SenderCheck} fed with the account's aliases.
 *
 * @param check   the configured mode
 * @param aliases where the aliases of an account come from ({@code accounts.AccountStore::aliasesOf})
 */
public record SenderIdentity(SenderCheck check, Aliases aliases) {

    /** The port to the account store: canonical alias addresses that deliver to {@code account}. */
    @FunctionalInterface
    public interface Aliases {
        List<String> of(String account);
    }

    /** Any sender for anyone: no lookup at all. */
    public static final SenderIdentity UNCHECKED =
            new SenderIdentity(new SenderCheck(SenderCheck.Mode.OFF), account -> List.of());

    /** The refusal for {@code account} using {@code sender}, or empty when it may. */
    Optional<Reply> check(String account, ReversePath sender) {
        if (sender instanceof ReversePath.Null) {
            return Optional.empty(); // claims nobody's address; no lookup needed
        }
        return switch (check.check(account, aliases.of(account), sender)) {
            case SenderCheck.Verdict.Allowed _ -> Optional.empty();
            case SenderCheck.Verdict.Refused refused -> Optional.of(refused.reply());
        };
    }
}

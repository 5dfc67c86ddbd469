package dev.mailgate.inbound;

import dev.mailgate.inbound.ReaderState.Mode;
import dev.mailgate.inbound.ReaderState.Status;
import dev.mailgate.mail.explain.Explanation;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * An inbound account's reader as the admin sees it (REST and UI).
 *
 * @param mode IDLE (new mail pushed) or POLLING; null before a node first claimed it
 * @param idleDetail why it is polled rather than watched, or why IDLE was lost
 * @param lastError why the last pass failed or the reader is stopped; null after a good pass
 * @param explanation what {@code lastError} means and what to do: never null when the server
 *     refused the sign-in (ADR 0020); otherwise the catalogue's, null for an unknown error
 * @param backoffUntil when a failing reader tries again; null when it is not backing off
 * @param claimedBy the node reading it, and until when unless renewed ({@code claimExpiresAt})
 * @param postFetchAction what is done after storing: the account's own choice or the default
 * @param ownPostFetchAction the account's own choice; null = the configured default
 * @param idle whether IDLE is used where the server offers it; {@code ownIdle} the account's own
 *     setting, null = the configured default
 * @param folders the folders the account lists (empty: the configured one)
 * @param watches how each folder it reads learns of new mail: its own watch, or polling and why
 */
public record ReaderView(
    UUID accountId,
    String accountName,
    String type,
    Mode mode,
    Status status,
    Instant lastReadAt,
    Instant lastIdleEventAt,
    String idleDetail,
    String lastError,
    Explanation explanation,
    int failures,
    Instant backoffUntil,
    String claimedBy,
    Instant claimExpiresAt,
    PostFetch postFetchAction,
    String moveFolder,
    PostFetch ownPostFetchAction,
    boolean idle,
    Boolean ownIdle,
    List<ReaderFolder> folders,
    List<FolderWatchView> watches) {}

package dev.mailgate.account;

import dev.mailgate.mail.explain.Explanations.SignIn;
import dev.mailgate.mail.graph.GraphEndpoint;
import dev.mailgate.mail.graph.GraphTokenSource;

/**
 * What a Graph transport (reader, sender, Test connection) needs of an account, as {@link
 * MailboxSignIns#graph} resolves it: which mailbox at which service root, and where its bearer
 * tokens for {@code https://graph.microsoft.com} come from. The token source follows the one
 * refresh-and-retry rule: a token Graph refuses (401) is replaced once, and the client tries once
 * more; nothing is marked.
 *
 * @param endpoint the service root ({@code mailgate.graph.base-url}) and the mailbox: {@code /me}
 *     for the authorizing person's own, {@code /users/{address}} for app-only access and for a
 *     mailbox shared with that person
 * @param signIn delegated ({@code OAUTH}) or {@code APP_ONLY}, as refusals are told apart
 * @param signedInWith how, in words ("access token of …", "app-only token of client …")
 */
public record GraphSignIn(
    GraphEndpoint endpoint, GraphTokenSource tokens, SignIn signIn, String signedInWith) {}

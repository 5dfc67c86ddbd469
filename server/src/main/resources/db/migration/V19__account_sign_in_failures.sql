-- Sign-in failures per account (issue 13, ADR 0020).
--
-- account_sign_in_failure: an account whose mail server refused its sign-in, with a token that was
-- fresh or with a refusal no new token can change (SMTP AUTH disabled, a mechanism the server does
-- not take). It marks only that account: the credential, which other accounts may share, stays
-- authorized (only the token endpoint's verdict marks a credential). The row holds the server's
-- reply, how it was classified and explained, how many sign-ins failed in a row and when the next
-- one is due (the back-off); a sign-in that works deletes it. sign_in (PASSWORD, OAUTH, APP_ONLY)
-- is how it signed in, which the explanation of a reply depends on.
create table account_sign_in_failure (
    account_id       uuid primary key references email_account (id) on delete cascade,
    kind             varchar(30) not null,
    sign_in          varchar(20) not null,
    reply            varchar(2000) not null,
    explanation_code varchar(80) not null,
    failures         integer not null,
    first_failed_at  timestamp with time zone not null,
    last_failed_at   timestamp with time zone not null,
    retry_at         timestamp with time zone not null
);

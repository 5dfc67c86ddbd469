-- When Mailgate received each credential's current access token: with its expiry this gives the
-- token's lifetime, so a token shorter-lived than the refresh margin is refreshed at a fraction of
-- its lifetime instead of on every use (ADR 0021). Unknown (null) for tokens stored before this
-- migration: those keep the configured margin until their next refresh.
alter table credential add column access_token_issued_at timestamp with time zone;

-- PKCE S256 is used on every authorization (RFC 9700 section 2.1.1); the per-provider switch is gone.
update oauth_provider set pkce = true where pkce = false;

-- An authorization started over REST is opened through Mailgate (/oauth/open/{handle}) and bound to
-- the first admin browser session that opens it; the provider URL waits here, encrypted.
alter table authorization_request add column open_hash varchar(64);
alter table authorization_request add column authorization_url_enc varchar;
create unique index authorization_request_open_idx on authorization_request (open_hash);

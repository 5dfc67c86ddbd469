-- The OAuth SASL mechanism an account signs in with (ADR 0019): AUTO (OAUTHBEARER where the
-- server offers it, else XOAUTH2), XOAUTH2 or OAUTHBEARER. Password accounts keep AUTO.
alter table email_account add column sasl_mechanism varchar(16) default 'AUTO' not null;

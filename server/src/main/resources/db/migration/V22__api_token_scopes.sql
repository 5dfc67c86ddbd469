-- API tokens carry scopes (space separated) and may expire; every token made before scopes existed
-- could do everything, so it becomes an 'admin' token.
alter table api_token add column scopes varchar(500) default 'admin' not null;
alter table api_token add column expires_at timestamp with time zone;

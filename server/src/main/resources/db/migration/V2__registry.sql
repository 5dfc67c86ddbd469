-- The Application Registry: what discovery learns about a provider that the callback needs.
-- iss_response_supported: the provider promises the 'iss' parameter in every authorization
-- response (RFC 9207, metadata 'authorization_response_iss_parameter_supported'); the callback then
-- refuses a response without it, which defeats mix-up attacks between providers.
alter table oauth_provider add column iss_response_supported boolean default false not null;

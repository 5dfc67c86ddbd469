package dev.mailgate.apidocs;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.servers.Server;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The parts of the OpenAPI document that are the same for every operation: what the API is, how a
 * client authenticates, and where the API lives.
 */
@Configuration(proxyBeanMethods = false)
class ApiDocsConfiguration {

  /** The name of the bearer scheme in {@code components.securitySchemes}. */
  static final String BEARER_SCHEME = "apiToken";

  @Bean
  OpenAPI mailgateOpenApi() {
    return new OpenAPI()
        .info(
            new Info()
                .title("Mailgate REST API")
                // The API's version, not the build's: the committed document must not change
                // with every release number, only when the API does.
                .version("v1")
                .description(
                    "Providers, profiles, email accounts, their authorization and credentials, the"
                        + " outbox, stored messages, webhooks, diagnostics and the event log of a"
                        + " Mailgate server. Every error is an RFC 9457 problem detail"
                        + " (application/problem+json); a refused input names its `field`.")
                .license(new License().name("Apache License 2.0").identifier("Apache-2.0")))
        // Relative, so the document is the same on every host and Swagger UI calls the server it
        // was loaded from.
        .servers(List.of(new Server().url("/").description("this Mailgate server")))
        .components(
            new Components()
                .addSecuritySchemes(
                    BEARER_SCHEME,
                    new SecurityScheme()
                        .type(SecurityScheme.Type.HTTP)
                        .scheme("bearer")
                        .bearerFormat("mgt_<secret>")
                        .description(
                            "An API token created in the admin UI under Integrations > API tokens,"
                                + " sent as `Authorization: Bearer mgt_...`. It is shown once and"
                                + " stored only as a SHA-256 hash.")))
        .addSecurityItem(new SecurityRequirement().addList(BEARER_SCHEME));
  }
}

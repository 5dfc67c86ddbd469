package dev.mailgate.security;

import dev.mailgate.security.apitoken.ApiScope;
import dev.mailgate.security.apitoken.ApiScopeRules;
import dev.mailgate.security.apitoken.ApiTokenAuthenticationFilter;
import dev.mailgate.security.apitoken.ApiTokens;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.authentication.UsernamePasswordAuthenticationFilter;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy;

/**
 * Two doors: the REST API (and the Prometheus endpoint) take API tokens as bearer tokens, no
 * session, no CSRF (a browser never sends a bearer token by itself); the admin UI takes a form
 * login with a session, CSRF on every form, and strict security headers.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

  /** No inline script or style anywhere in the UI; htmx and CSS are served from this origin. */
  static final String CONTENT_SECURITY_POLICY =
      "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
          + " object-src 'none'; base-uri 'self'; frame-ancestors 'none'";

  /**
   * No Micrometer observation around each security filter, each authorization and each secured
   * request. Why: with the actuator present, Spring Security wraps every filter of both chains in
   * an observation of its own; profiling one-message submissions showed those wrappers as a large
   * share of the request's CPU, for spans nobody collects. Request metrics still come from {@code
   * http.server.requests}.
   */
  @Bean
  SecurityObservationSettings noSecurityObservations() {
    return SecurityObservationSettings.noObservations();
  }

  @Bean
  PasswordEncoder passwordEncoder() {
    return PasswordEncoderFactories.createDelegatingPasswordEncoder();
  }

  @Bean
  @Order(1)
  SecurityFilterChain api(
      HttpSecurity http, ApiTokens tokens, ProblemResponses problems, SignInThrottle throttle)
      throws Exception {
    return http.securityMatcher("/api/**", "/actuator/prometheus")
        .authorizeHttpRequests(requests -> requests.anyRequest().access(new ApiScopeRules()))
        .csrf(csrf -> csrf.disable())
        .sessionManagement(
            sessions -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
        .requestCache(cache -> cache.disable())
        .addFilterBefore(
            new ApiTokenAuthenticationFilter(tokens, problems, throttle), AuthorizationFilter.class)
        .exceptionHandling(
            errors ->
                errors
                    .authenticationEntryPoint(
                        (request, response, e) ->
                            problems.write(
                                request,
                                response,
                                HttpStatus.UNAUTHORIZED,
                                "This API needs an API token: create one in the admin UI under"
                                    + " Integrations > API tokens and send it as"
                                    + " 'Authorization: Bearer <token>'."))
                    .accessDeniedHandler(
                        (request, response, e) -> {
                          Object needed = request.getAttribute(ApiScopeRules.REQUIRED);
                          problems.write(
                              request,
                              response,
                              HttpStatus.FORBIDDEN,
                              needed instanceof ApiScope scope
                                  ? "This API token lacks the scope '"
                                      + scope.value()
                                      + "' that "
                                      + request.getMethod()
                                      + " "
                                      + request.getRequestURI()
                                      + " needs; create a token with it under Integrations > API"
                                      + " tokens."
                                  : "This API token may not do that.");
                        }))
        .headers(
            headers ->
                headers.contentSecurityPolicy(csp -> csp.policyDirectives(CONTENT_SECURITY_POLICY)))
        .build();
  }

  @Bean
  @Order(2)
  SecurityFilterChain ui(HttpSecurity http, SignInThrottle throttle) throws Exception {
    AdminLoginThrottle loginThrottle = new AdminLoginThrottle(throttle);
    http.addFilterBefore(loginThrottle, UsernamePasswordAuthenticationFilter.class);
    return http.authorizeHttpRequests(
            requests ->
                requests
                    .requestMatchers(
                        "/login",
                        "/css/**",
                        "/js/**",
                        "/webjars/**",
                        "/favicon.ico",
                        "/error",
                        "/actuator/health",
                        "/actuator/health/**")
                    .permitAll()
                    .requestMatchers(OwnerLinkAccess::matches)
                    .permitAll()
                    .anyRequest()
                    .hasRole(AdminAccount.ROLE))
        .formLogin(
            login ->
                login
                    .loginPage("/login")
                    .successHandler(loginThrottle.successHandler())
                    .failureHandler(loginThrottle.failureHandler()))
        .logout(logout -> logout.logoutSuccessUrl("/login?logout"))
        .headers(
            headers ->
                headers
                    .contentSecurityPolicy(csp -> csp.policyDirectives(CONTENT_SECURITY_POLICY))
                    .frameOptions(frames -> frames.deny())
                    .referrerPolicy(referrer -> referrer.policy(ReferrerPolicy.SAME_ORIGIN)))
        .build();
  }
}

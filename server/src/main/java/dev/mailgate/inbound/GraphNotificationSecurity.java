package dev.mailgate.inbound;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;

/**
 * Graph posts change notifications without any credential Mailgate issued: the endpoint is open (no
 * login, no CSRF token, no session), and each notification proves itself by its subscription's
 * {@code clientState} ({@link GraphNotificationController}). It only ever wakes a read.
 */
@Configuration
class GraphNotificationSecurity {

  @Bean
  @Order(0)
  SecurityFilterChain graphNotifications(HttpSecurity http) throws Exception {
    return http.securityMatcher(GraphNotificationController.PATH)
        .authorizeHttpRequests(requests -> requests.anyRequest().permitAll())
        .csrf(csrf -> csrf.disable())
        .sessionManagement(
            sessions -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
        .requestCache(cache -> cache.disable())
        .build();
  }
}

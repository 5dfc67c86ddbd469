package dev.mailgate.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses a request body larger than {@code mailgate.requests.max-body-size} before any of it is
 * parsed, first of all filters (before the security chain, so not even a sign-in is worked on): a
 * declared {@code Content-Length} over the limit gets 413 at once, without reading the body; a body
 * of unknown length (chunked) is read here up to the limit, and answered 413 when it goes past.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
class RequestBodyLimit extends OncePerRequestFilter {

  private final RequestLimitProperties properties;
  private final ProblemResponses problems;

  RequestBodyLimit(RequestLimitProperties properties, ProblemResponses problems) {
    this.properties = properties;
    this.problems = problems;
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    long limit = properties.maxBodySize().toBytes();
    long declared = request.getContentLengthLong();
    if (declared > limit) {
      refuse(request, response, limit);
      return;
    }
    if (declared >= 0) {
      chain.doFilter(request, response);
      return;
    }
    if (request.getHeader("Transfer-Encoding") == null) {
      chain.doFilter(request, response);
      return;
    }
    // Of unknown length (chunked): read up to the limit here, before anything parses it.
    byte[] body = request.getInputStream().readNBytes((int) Math.min(limit + 1, Integer.MAX_VALUE));
    if (body.length > limit) {
      refuse(request, response, limit);
      return;
    }
    chain.doFilter(new Buffered(request, body), response);
  }

  private void refuse(HttpServletRequest request, HttpServletResponse response, long limit)
      throws IOException {
    // The rest of the body is not read: the connection is closed after this answer.
    response.setHeader("Connection", "close");
    problems.write(
        request,
        response,
        HttpStatus.CONTENT_TOO_LARGE,
        "The request body is larger than "
            + limit
            + " bytes, the most Mailgate accepts (mailgate.requests.max-body-size); send less,"
            + " e.g. fewer messages per batch or smaller attachments.");
  }

  /** A request whose body was read already, at most the limit. */
  private static final class Buffered extends HttpServletRequestWrapper {

    private final byte[] body;

    Buffered(HttpServletRequest request, byte[] body) {
      super(request);
      this.body = body;
    }

    @Override
    public ServletInputStream getInputStream() {
      ByteArrayInputStream in = new ByteArrayInputStream(body);
      return new ServletInputStream() {
        @Override
        public int read() {
          return in.read();
        }

        @Override
        public int read(byte[] buffer, int offset, int length) {
          return in.read(buffer, offset, length);
        }

        @Override
        public boolean isFinished() {
          return in.available() == 0;
        }

        @Override
        public boolean isReady() {
          return true;
        }

        @Override
        public void setReadListener(ReadListener listener) {
          throw new UnsupportedOperationException("a buffered body is read blocking");
        }
      };
    }

    @Override
    public java.io.BufferedReader getReader() {
      return new java.io.BufferedReader(
          new java.io.InputStreamReader(
              getInputStream(),
              getCharacterEncoding() == null
                  ? java.nio.charset.StandardCharsets.UTF_8
                  : java.nio.charset.Charset.forName(getCharacterEncoding())));
    }

    @Override
    public int getContentLength() {
      return body.length;
    }

    @Override
    public long getContentLengthLong() {
      return body.length;
    }
  }
}

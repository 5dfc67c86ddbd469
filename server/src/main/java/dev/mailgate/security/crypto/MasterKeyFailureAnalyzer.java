package dev.mailgate.security.crypto;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Prints a refused start because of the master key as two plain sentences, not a stack trace. */
class MasterKeyFailureAnalyzer extends AbstractFailureAnalyzer<MasterKeyException> {

  @Override
  protected FailureAnalysis analyze(Throwable rootFailure, MasterKeyException cause) {
    return new FailureAnalysis(cause.problem(), cause.action(), cause);
  }
}

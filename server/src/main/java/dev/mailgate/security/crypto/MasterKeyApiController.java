package dev.mailgate.security.crypto;

import dev.mailgate.system.ApiController;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;

/** The master keyset: list keys, rotate (new primary + re-encrypt all), remove an unused key. */
@ApiController
@RequestMapping("/api/v1/admin/master-key")
class MasterKeyApiController {

  private final MasterKeyRotation rotation;

  MasterKeyApiController(MasterKeyRotation rotation) {
    this.rotation = rotation;
  }

  @GetMapping("/keys")
  List<MasterKeyRotation.KeyInfo> keys() {
    return rotation.keys();
  }

  @PostMapping("/rotate")
  MasterKeyRotation.Report rotate() {
    return rotation.rotate();
  }

  @PostMapping("/reencrypt")
  MasterKeyRotation.Report reencrypt() {
    return rotation.reencryptAll();
  }

  @DeleteMapping("/keys/{keyId}")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  void remove(@PathVariable int keyId) {
    rotation.removeKey(keyId);
  }
}

package dev.gorgo.proxy.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

class AdminAuthTest {
  @Test
  void onlyLoopbackAddressesCountAsLoopback() throws Exception {
    assertThat(AdminAuth.isLoopback(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 1)))
        .isTrue();
    assertThat(AdminAuth.isLoopback(new InetSocketAddress(InetAddress.getByName("::1"), 1)))
        .isTrue();
    assertThat(AdminAuth.isLoopback(new InetSocketAddress(InetAddress.getByName("10.1.2.3"), 1)))
        .isFalse();
    assertThat(AdminAuth.isLoopback(new InetSocketAddress(InetAddress.getByName("192.168.0.7"), 1)))
        .isFalse();
    assertThat(AdminAuth.isLoopback(InetSocketAddress.createUnresolved("example.com", 1)))
        .isFalse();
  }
}

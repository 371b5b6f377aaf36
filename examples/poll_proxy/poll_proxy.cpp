// Copyright (c) 2026 The expect100 authors. Distributed under the Boost Software License 1.0.
//
// expect100-poll-proxy: a reverse proxy in one file, one thread, poll(), its own HTTP/1.1
// parsing, and no Boost: how the intermediary machine goes into an event loop that is not Asio.
// docs/guide/poll_proxy.md walks through it; tests/interop/poll_proxy.sh runs curl through it.
//
//   expect100-poll-proxy --upstream [127.0.0.1:]PORT [--listen PORT] [--preset NAME]
//                        [--grace-ms MS] [--upstream-timeout-ms MS] [--upstream-http10]
//                        [--max-body BYTES]
//
// It prints "listening on 127.0.0.1:PORT" once it accepts (--listen 0, the default: any free
// port).
//
// This file is the sockets and the poll() loop; connection.hpp is the proxy itself (parsing,
// the machine's actions), written against a small Transport so the fuzz kit can drive it too.
//
// What this example leaves out, to stay short: TLS, IPv6 and host names (the upstream is a port
// on 127.0.0.1), a pool of upstream connections (one per client connection, reused while it
// lasts), request pipelining beyond reading the next request after the current one, limits but
// the head size.
#include "connection.hpp"

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <list>
#include <string>
#include <string_view>
#include <vector>

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

namespace {

using namespace poll_proxy;

// ---- Sockets -----------------------------------------------------------------------------------

// A non-blocking TCP socket and the address of a port on 127.0.0.1.
int loopback_socket(std::uint16_t port, sockaddr_in& a) {
    a = sockaddr_in{};
    a.sin_family = AF_INET;
    a.sin_port = htons(port);
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    return ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
}

int listen_on(std::uint16_t port) {
    sockaddr_in a{};
    const int fd = loopback_socket(port, a);
    const int one = 1;
    ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    socklen_t size = sizeof a;
    if (::bind(fd, reinterpret_cast<const sockaddr*>(&a), sizeof a) != 0 ||
        ::listen(fd, 128) != 0 || ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &size) != 0) {
        std::perror("listen");
        std::exit(1);
    }
    std::printf("listening on 127.0.0.1:%u\n", static_cast<unsigned>(ntohs(a.sin_port)));
    std::fflush(stdout);
    return fd;
}

int connect_to(std::uint16_t port) {
    sockaddr_in a{};
    const int fd = loopback_socket(port, a);
    const int one = 1;
    ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    if (::connect(fd, reinterpret_cast<const sockaddr*>(&a), sizeof a) != 0 &&
        errno != EINPROGRESS) {
        ::close(fd);
        return -1;
    }
    return fd;
}

// Reads what is there into `in`. @return false when the peer closed or the socket failed.
bool read_into(int fd, std::string& in) {
    char buf[16 * 1024];
    for (;;) {
        const ssize_t n = ::recv(fd, buf, sizeof buf, 0);
        if (n > 0) {
            in.append(buf, static_cast<std::size_t>(n));
            if (static_cast<std::size_t>(n) < sizeof buf) return true;
            continue;
        }
        if (n < 0 && errno == EAGAIN) return true;  // EWOULDBLOCK is EAGAIN on Linux
        if (n < 0 && errno == EINTR) continue;
        return false;
    }
}

// Writes what it can of `out`. @return the bytes written (the caller drops them), or -1.
long write_from(int fd, std::string_view out) {
    const ssize_t n = ::send(fd, out.data(), out.size(), MSG_NOSIGNAL);
    if (n >= 0) return static_cast<long>(n);
    return errno == EAGAIN || errno == EINTR ? 0 : -1;
}

// connection.hpp's Transport over two sockets: the client's, accepted, and one to the upstream
// port, made without blocking (writes wait for POLLOUT until it is made).
class fd_transport {
public:
    fd_transport(int down, std::uint16_t upstream_port) : down_(down), port_(upstream_port) {}
    fd_transport(fd_transport&& o) noexcept
        : down_(std::exchange(o.down_, -1)),
          up_(std::exchange(o.up_, -1)),
          port_(o.port_),
          connecting_(o.connecting_) {}
    fd_transport& operator=(fd_transport&&) = delete;
    ~fd_transport() {
        close_down();
        close_up();
    }

    clock_type::time_point now() const { return clock_type::now(); }
    long send_down(std::string_view b) { return write_from(down_, b); }
    long send_up(std::string_view b) { return connecting_ ? 0 : write_from(up_, b); }
    bool open_up() {
        up_ = connect_to(port_);
        connecting_ = up_ >= 0;
        return up_ >= 0;
    }
    bool up_open() const { return up_ >= 0; }
    bool down_open() const { return down_ >= 0; }
    void close_up() {
        if (up_ >= 0) ::close(up_);
        up_ = -1;
        connecting_ = false;
    }
    void close_down() {
        if (down_ >= 0) ::close(down_);
        down_ = -1;
    }

    int down() const { return down_; }
    int up() const { return up_; }
    bool connecting() const { return connecting_; }
    void connected() { connecting_ = false; }

private:
    int down_ = -1;
    int up_ = -1;
    std::uint16_t port_;
    bool connecting_ = false;
};

using client_connection = poll_proxy::connection<fd_transport>;

// The descriptors to poll for one connection and what for; `owners` gets it for each.
void want(client_connection& c, std::vector<pollfd>& fds, std::vector<client_connection*>& owners) {
    fd_transport& t = c.transport();
    fds.push_back(
        {t.down(),
         static_cast<short>((c.reading_down() ? POLLIN : 0) | (c.writing_down() ? POLLOUT : 0)),
         0});
    owners.push_back(&c);
    if (t.up_open()) {
        fds.push_back(
            {t.up(), static_cast<short>(POLLIN | (c.writing_up() || t.connecting() ? POLLOUT : 0)),
             0});
        owners.push_back(&c);
    }
}

// One descriptor's events, turned into the connection's.
void on_ready(client_connection& c, const pollfd& p) {
    fd_transport& t = c.transport();
    if (p.revents == 0) return;
    if (p.fd == t.down()) {
        if ((p.revents & POLLOUT) != 0) c.on_down_writable();
        if ((p.revents & (POLLIN | POLLHUP | POLLERR)) != 0 && t.down_open()) {
            std::string in;
            const bool open = read_into(t.down(), in);
            c.on_down_bytes(in);
            if (!open) c.on_down_closed();
        }
    } else if (p.fd == t.up() && t.up_open()) {
        if ((p.revents & POLLOUT) != 0) {
            t.connected();
            c.on_up_writable();
        }
        if ((p.revents & (POLLIN | POLLHUP | POLLERR)) != 0 && t.up_open()) {
            std::string in;
            const bool open = read_into(t.up(), in);
            c.on_up_bytes(in);
            if (!open) c.on_up_closed();
        }
    }
}

std::uint16_t port_of(const char* text) {
    const long p = std::strtol(text, nullptr, 10);
    if (p < 0 || p > 65535) {
        std::fprintf(stderr, "not a port: %s\n", text);
        std::exit(2);
    }
    return static_cast<std::uint16_t>(p);
}

}  // namespace

int main(int argc, char** argv) {
    std::uint16_t listen_port = 0;
    settings s;
    std::string preset = "rfc9110_intermediary";
    long grace_ms = -1;
    long upstream_timeout_ms = 0;
    for (int i = 1; i < argc; ++i) {
        const std::string_view flag = argv[i];
        if (flag == "--upstream-http10") {
            s.hop = next_hop_version::http_1_0;
            continue;
        }
        if (i + 1 == argc) break;
        const char* value = argv[++i];
        if (flag == "--listen")
            listen_port = port_of(value);
        else if (flag == "--upstream") {
            const char* colon = std::strrchr(value, ':');  // 127.0.0.1:PORT or PORT
            s.upstream_port = port_of(colon != nullptr ? colon + 1 : value);
        } else if (flag == "--preset")
            preset = value;
        else if (flag == "--grace-ms")
            grace_ms = std::strtol(value, nullptr, 10);
        else if (flag == "--max-body")
            s.max_body = std::strtoull(value, nullptr, 10);
        else if (flag == "--upstream-timeout-ms")
            upstream_timeout_ms = std::strtol(value, nullptr, 10);
    }
    if (s.upstream_port == 0) {
        std::fprintf(stderr,
                     "usage: expect100-poll-proxy --upstream PORT [--listen PORT] "
                     "[--preset NAME] [--grace-ms MS]\n");
        return 2;
    }
    const auto policy =
        presets::policy_named<presets::intermediary_presets<>, intermediary_policy>(preset);
    if (!policy) {
        std::fprintf(stderr, "unknown --preset '%s'\n", preset.c_str());
        return 2;
    }
    s.policy = *policy;
    if (grace_ms >= 0) {
        s.policy.grace = wait_policy{wait_kind::fixed, std::chrono::milliseconds(grace_ms)};
    }
    if (upstream_timeout_ms > 0) {
        s.policy.upstream_timeout = std::chrono::milliseconds(upstream_timeout_ms);
    }
    std::signal(SIGPIPE, SIG_IGN);
    std::fprintf(stderr, "poll-proxy: to 127.0.0.1:%u, preset %s\n", s.upstream_port,
                 preset.c_str());
    const int listener = listen_on(listen_port);
    std::list<client_connection> connections;
    std::vector<pollfd> fds;
    std::vector<client_connection*> owners;
    for (;;) {
        fds.clear();
        owners.clear();
        fds.push_back({listener, POLLIN, 0});
        owners.push_back(nullptr);
        auto next = clock_type::time_point::max();
        for (client_connection& c : connections) {
            want(c, fds, owners);
            next = std::min(next, c.deadline());
        }
        int timeout = -1;  // poll() waits until the earliest machine deadline
        if (next != clock_type::time_point::max()) {
            const auto ms =
                std::chrono::ceil<std::chrono::milliseconds>(next - clock_type::now()).count();
            timeout = static_cast<int>(std::clamp<long long>(ms, 0, 60000));
        }
        if (::poll(fds.data(), fds.size(), timeout) < 0 && errno != EINTR) {
            std::perror("poll");
            return 1;
        }
        if ((fds[0].revents & POLLIN) != 0) {
            for (int fd;
                 (fd = ::accept4(listener, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC)) >= 0;) {
                const int one = 1;
                ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
                connections.emplace_back(fd_transport(fd, s.upstream_port), s);
            }
        }
        for (std::size_t i = 1; i < fds.size(); ++i) {
            if (fds[i].revents != 0 && !owners[i]->finished()) on_ready(*owners[i], fds[i]);
        }
        for (client_connection& c : connections) {
            if (!c.finished()) c.on_time();
        }
        connections.remove_if([](const client_connection& c) { return c.finished(); });
    }
}

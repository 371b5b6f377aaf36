// Copyright (c) 2026 The expect100 authors. Distributed under the Boost Software License 1.0.
//
// What the example programs share below HTTP: HOST:PORT parsing, a TCP connection that may be
// TLS (one type, so connection code is written once), TLS contexts, a listener that prints the
// one `listening on HOST:PORT` line scripts wait for, and a double-buffered writer that gathers
// everything queued while a write is in flight into the next single write (one send per batch:
// docs/design/proxy_performance.md has the measurement: the number of sends as what decides a
// proxy's cost).
#ifndef EXPECT100_EXAMPLES_COMMON_NET_HPP
#define EXPECT100_EXAMPLES_COMMON_NET_HPP

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/write.hpp>

#include <cstdint>
#include <cstdio>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>

namespace expect100::examples {

namespace asio = boost::asio;
namespace ssl = boost::asio::ssl;
using tcp = boost::asio::ip::tcp;
using error_code = boost::system::error_code;

// The sessions' timer (program.hpp has their clock; both replaceable by a harness in virtual
// time).
#ifdef EXPECT100_EXAMPLES_TIMER
using steady_timer = EXPECT100_EXAMPLES_TIMER;
#else
using steady_timer = asio::steady_timer;
#endif

struct host_port {
    std::string host;
    std::string port;
};

// "HOST:PORT", "[v6]:PORT" or ":PORT" (loopback). Throws std::invalid_argument with the reason.
inline host_port parse_host_port(std::string_view text) {
    const auto colon = text.rfind(':');
    if (colon == std::string_view::npos || colon + 1 == text.size()) {
        throw std::invalid_argument("'" + std::string(text) + "' is not HOST:PORT");
    }
    std::string host(text.substr(0, colon));
    if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
        host = host.substr(1, host.size() - 2);
    }
    if (host.empty()) host = "127.0.0.1";
    const std::string port(text.substr(colon + 1));
    if (port.find_first_not_of("0123456789") != std::string::npos || port.size() > 5 ||
        std::stoul(port) > 65535) {
        throw std::invalid_argument("'" + port + "' is not a port number");
    }
    return {std::move(host), port};
}

// A TCP connection, with TLS on top when a context is given.
class stream {
public:
    stream(asio::io_context& io, ssl::context* tls) : plain_(io) {
        if (tls != nullptr) tls_.emplace(io, *tls);
    }
    stream(tcp::socket socket, ssl::context* tls) : plain_(std::move(socket)) {
        if (tls != nullptr) {
            tls_.emplace(std::move(plain_), *tls);
        }
    }
    stream(stream&&) = default;
    stream& operator=(stream&&) = delete;
    stream(const stream&) = delete;
    stream& operator=(const stream&) = delete;

    bool is_tls() const noexcept { return tls_.has_value(); }
    tcp::socket& socket() noexcept { return tls_ ? tls_->next_layer() : plain_; }
    // An AsyncReadStream for composed operations (beast::async_read_response).
    using executor_type = tcp::socket::executor_type;
    executor_type get_executor() noexcept { return socket().get_executor(); }
    ssl::stream<tcp::socket>* tls() noexcept { return tls_ ? &*tls_ : nullptr; }
    // The protocol ALPN chose in the handshake ("h2", "http/1.1"), or empty.
    std::string_view alpn_protocol() noexcept {
        if (!tls_) return {};
        const unsigned char* p = nullptr;
        unsigned int n = 0;
        SSL_get0_alpn_selected(tls_->native_handle(), &p, &n);
        return {reinterpret_cast<const char*>(p), n};
    }

    template <class Buffers, class Handler>
    void async_read_some(const Buffers& b, Handler&& h) {
        if (tls_)
            tls_->async_read_some(b, std::forward<Handler>(h));
        else
            plain_.async_read_some(b, std::forward<Handler>(h));
    }
    template <class Buffers, class Handler>
    void async_write(const Buffers& b, Handler&& h) {
        if (tls_)
            asio::async_write(*tls_, b, std::forward<Handler>(h));
        else
            asio::async_write(plain_, b, std::forward<Handler>(h));
    }
    // A client's TLS handshake sends SNI and checks the name; a plain stream completes at once.
    template <class Handler>
    void async_handshake(ssl::stream_base::handshake_type role, const std::string& host,
                         Handler&& h) {
        if (!tls_) {
            asio::post(plain_.get_executor(),
                       [h = std::forward<Handler>(h)]() mutable { h(error_code{}); });
            return;
        }
        if (role == ssl::stream_base::client) {
            // SSL_set_tlsext_host_name, without the macro's C cast.
            SSL_ctrl(tls_->native_handle(), SSL_CTRL_SET_TLSEXT_HOSTNAME, TLSEXT_NAMETYPE_host_name,
                     const_cast<char*>(host.c_str()));
            tls_->set_verify_callback(ssl::host_name_verification(host));
        }
        tls_->async_handshake(role, std::forward<Handler>(h));
    }
    // No more bytes from us (TCP half-close): RFC 9112 §9.6 closes a connection this way so the
    // peer reads the last response before the reset a full close may cause.
    void shutdown_send() {
        error_code ignored;
        socket().shutdown(tcp::socket::shutdown_send, ignored);
    }
    void close() {
        error_code ignored;
        socket().close(ignored);
    }

private:
    tcp::socket plain_;
    std::optional<ssl::stream<tcp::socket>> tls_;
};

// Writes queued bytes in as few sends as possible: bytes queued while a write is in flight go
// out together in the next one. Completion is reported to `done(ec)` of the owner each time the
// queue drains or a write fails.
class gather_writer {
public:
    std::string& queue() noexcept { return queued_; }
    bool busy() const noexcept { return busy_; }
    bool idle() const noexcept { return !busy_ && queued_.empty(); }
    std::size_t backlog() const noexcept { return queued_.size() + (busy_ ? flight_.size() : 0); }

    // Starts a write if none is in flight. `done(error_code)` runs when the write completes
    // with nothing more queued, or fails.
    template <class Done>
    void flush(stream& s, Done&& done) {
        if (busy_ || queued_.empty()) return;
        busy_ = true;
        flight_.swap(queued_);
        queued_.clear();
        s.async_write(asio::buffer(flight_), [this, &s, d = std::forward<Done>(done)](
                                                 const error_code& ec, std::size_t) mutable {
            busy_ = false;
            flight_.clear();
            if (ec) {
                d(ec);
                return;
            }
            if (!queued_.empty()) {
                flush(s, std::move(d));
                return;
            }
            d(ec);
        });
    }

private:
    std::string flight_;
    std::string queued_;
    bool busy_ = false;
};

inline ssl::context server_tls(const std::string& cert, const std::string& key) {
    ssl::context ctx(ssl::context::tls_server);
    ctx.set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 |
                    ssl::context::no_sslv3);
    ctx.use_certificate_chain_file(cert);
    ctx.use_private_key_file(key, ssl::context::pem);
    return ctx;
}

// ALPN (RFC 7301) on a server context: "h2" when the client offers it and `http2` allows it
// (RFC 9113 §3.2), else "http/1.1"; a client that offers neither gets no protocol (HTTP/1.1).
enum class alpn_offer : std::uint8_t { http1_only, h2_and_http1 };
inline void serve_alpn(ssl::context& ctx, alpn_offer offer) {
    const auto select = [](SSL*, const unsigned char** out, unsigned char* out_len,
                           const unsigned char* in, unsigned int in_len, void* arg) -> int {
        static const unsigned char with_h2[] = "\x02h2\x08http/1.1";
        static const unsigned char http1[] = "\x08http/1.1";
        const bool h2 = arg != nullptr;
        unsigned char* chosen = nullptr;
        const int rv =
            SSL_select_next_proto(&chosen, out_len, h2 ? with_h2 : http1,
                                  h2 ? sizeof with_h2 - 1 : sizeof http1 - 1, in, in_len);
        if (rv != OPENSSL_NPN_NEGOTIATED) return SSL_TLSEXT_ERR_NOACK;
        *out = chosen;
        return SSL_TLSEXT_ERR_OK;
    };
    static int allow_h2 = 1;  // any non-null pointer says "h2 allowed"
    SSL_CTX_set_alpn_select_cb(ctx.native_handle(), select,
                               offer == alpn_offer::h2_and_http1 ? &allow_h2 : nullptr);
}

// ALPN on a client context: offer h2 first, then http/1.1.
inline void offer_alpn(ssl::context& ctx, alpn_offer offer) {
    static const unsigned char with_h2[] = "\x02h2\x08http/1.1";
    static const unsigned char http1[] = "\x08http/1.1";
    if (offer == alpn_offer::h2_and_http1)
        SSL_CTX_set_alpn_protos(ctx.native_handle(), with_h2, sizeof with_h2 - 1);
    else
        SSL_CTX_set_alpn_protos(ctx.native_handle(), http1, sizeof http1 - 1);
}

// The HTTP/2 connection preface (RFC 9113 §3.4): what a prior-knowledge client sends first.
inline constexpr std::string_view http2_preface = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n";

enum class peer_verification : std::uint8_t { verify, insecure };

// A client context: the system's CA store, or the file given, or no verification (--insecure).
inline ssl::context client_tls(const std::string& ca_file, peer_verification v) {
    ssl::context ctx(ssl::context::tls_client);
    if (v == peer_verification::insecure) {
        ctx.set_verify_mode(ssl::verify_none);
        return ctx;
    }
    if (ca_file.empty())
        ctx.set_default_verify_paths();
    else
        ctx.load_verify_file(ca_file);
    ctx.set_verify_mode(ssl::verify_peer);
    return ctx;
}

// Binds and listens; with `reuse_port` several acceptors (one per thread) share the port and
// the kernel spreads connections among them.
inline tcp::acceptor listen_on(asio::io_context& io, const tcp::endpoint& ep, bool reuse_port) {
    tcp::acceptor a(io);
    a.open(ep.protocol());
    a.set_option(tcp::acceptor::reuse_address(true));
    if (reuse_port) {
        using reuse = asio::detail::socket_option::boolean<SOL_SOCKET, SO_REUSEPORT>;
        a.set_option(reuse(true));
    }
    a.bind(ep);
    a.listen(asio::socket_base::max_listen_connections);
    return a;
}

inline tcp::endpoint resolve_one(asio::io_context& io, const host_port& hp) {
    tcp::resolver r(io);
    const auto results = r.resolve(hp.host, hp.port);
    if (results.empty()) throw std::runtime_error("cannot resolve " + hp.host);
    return *results.begin();
}

// The line scripts wait for. Flushed at once: stdout may be a pipe.
inline void announce_listening(const tcp::endpoint& ep) {
    const std::string host =
        ep.address().is_v6() ? "[" + ep.address().to_string() + "]" : ep.address().to_string();
    std::printf("listening on %s:%u\n", host.c_str(), static_cast<unsigned>(ep.port()));
    std::fflush(stdout);
}

}  // namespace expect100::examples

#endif  // EXPECT100_EXAMPLES_COMMON_NET_HPP

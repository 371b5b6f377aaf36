// Copyright (c) 2026 The expect100 authors. Distributed under the Boost Software License 1.0.
//
// expect100-relay: a raw TCP byte pump, the floor every proxy is compared with. Each accepted
// connection gets its own upstream connection; bytes move both ways in the kernel, epoll and
// splice(2) through a pipe per direction (common/splice_pump.hpp), or with --copy through
// 64 KiB buffers, a read overlapping the other direction's write. No HTTP at all.
//
//   expect100-relay --listen 127.0.0.1:0 --upstream 127.0.0.1:8080 [--copy]
#include "../../examples/common/net.hpp"
#include "../../examples/common/program.hpp"
#include "../../examples/common/splice_pump.hpp"

#include <boost/asio/signal_set.hpp>

#include <array>
#include <cstdint>
#include <limits>
#include <memory>
#include <string>

namespace {

using namespace expect100::examples;

class pump : public std::enable_shared_from_this<pump> {
public:
    pump(tcp::socket client, asio::io_context& io, bool copy)
        : client_(std::move(client)), server_(io), copy_(copy) {}

    void start(const tcp::endpoint& upstream) {
        server_.async_connect(upstream, [self = shared_from_this()](const error_code& ec) {
            if (ec) return self->stop();
            self->server_.set_option(tcp::no_delay(true));
            self->move(self->client_, self->server_, self->up_);
            self->move(self->server_, self->client_, self->down_);
        });
    }

private:
    using buffer = std::array<char, 64 * 1024>;

    // Until `from` ends: in the kernel, or copied when asked to (or when no pipe can be had).
    void move(tcp::socket& from, tcp::socket& to, buffer& b) {
        if (!copy_) {
            auto p = std::make_shared<splice_pump>(from, shared_from_this(), to, nullptr,
                                                   std::numeric_limits<std::uint64_t>::max());
            if (p->open()) {
                p->run([](std::uint64_t) {},
                       [self = shared_from_this(), &to](splice_pump::outcome o) {
                           if (o != splice_pump::outcome::source_closed) return self->stop();
                           self->half_closed(to);
                       });
                return;
            }
        }
        copy(from, to, b);
    }

    void half_closed(tcp::socket& to) {
        error_code ignored;
        to.shutdown(tcp::socket::shutdown_send, ignored);  // pass the half-close on
        if (++closed_ == 2) stop();
    }

    void copy(tcp::socket& from, tcp::socket& to, buffer& b) {
        from.async_read_some(asio::buffer(b), [self = shared_from_this(), &from, &to, &b](
                                                  const error_code& ec, std::size_t n) {
            if (ec) return self->half_closed(to);
            asio::async_write(to, asio::buffer(b.data(), n),
                              [self, &from, &to, &b](const error_code& wec, std::size_t) {
                                  if (wec) return self->stop();
                                  self->copy(from, to, b);
                              });
        });
    }

    void stop() {
        error_code ignored;
        client_.close(ignored);
        server_.close(ignored);
    }

    tcp::socket client_;
    tcp::socket server_;
    buffer up_{};
    buffer down_{};
    bool copy_;
    int closed_ = 0;
};

void accept_loop(tcp::acceptor& a, asio::io_context& io, const tcp::endpoint& upstream, bool copy) {
    a.async_accept([&a, &io, upstream, copy](const error_code& ec, tcp::socket s) {
        if (ec == asio::error::operation_aborted) return;
        if (!ec) {
            s.set_option(tcp::no_delay(true));
            std::make_shared<pump>(std::move(s), io, copy)->start(upstream);
        }
        accept_loop(a, io, upstream, copy);
    });
}

}  // namespace

int main(int argc, char** argv) {
    return run_program("expect100-relay", [&]() -> int {
        po::options_description desc("options");
        desc.add_options()("help,h", "print this help")(
            "listen", po::value<std::string>()->default_value("127.0.0.1:0"), "HOST:PORT")(
            "upstream", po::value<std::string>()->required(), "HOST:PORT")(
            "copy", "copy through user-space buffers instead of splice(2)");
        po::variables_map vm;
        if (!parse_command_line(argc, argv, desc, {}, vm,
                                "expect100-relay --upstream HOST:PORT [--listen HOST:PORT]")) {
            return exit_ok;
        }
        asio::io_context io(1);
        const tcp::endpoint upstream =
            resolve_one(io, parse_host_port(vm["upstream"].as<std::string>()));
        tcp::acceptor a =
            listen_on(io, resolve_one(io, parse_host_port(vm["listen"].as<std::string>())), false);
        accept_loop(a, io, upstream, vm.count("copy") != 0);
        asio::signal_set signals(io, SIGINT, SIGTERM);
        signals.async_wait([&](const error_code&, int) { io.stop(); });
        announce_listening(a.local_endpoint());
        io.run();
        return exit_ok;
    });
}

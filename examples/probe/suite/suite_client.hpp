// Copyright (c) 2026 The expect100 authors. Distributed under the Boost Software License 1.0.
//
// The suite's client: it writes exactly the bytes a case says, when the case says (no client
// machine deciding for it), and reads every response with the fuzz kit's strict response
// parser, so a malformed or unsolicited response is seen as such. A read stays in flight for
// the connection's whole life: an early response is recorded when it arrives, even while an
// upload is still being written. Every step runs the shared io_context, so the scripted origin
// on the same context answers meanwhile.
#ifndef EXPECT100_EXAMPLES_PROBE_SUITE_SUITE_CLIENT_HPP
#define EXPECT100_EXAMPLES_PROBE_SUITE_SUITE_CLIENT_HPP

#include "../../common/blocking.hpp"
#include "../../common/http.hpp"
#include "../../common/net.hpp"
#include "timeline.hpp"

#include <expect100/testing/strict_parse.hpp>

#include <array>
#include <chrono>
#include <optional>
#include <string>

namespace expect100::examples::suite {

struct client_response {
    unsigned status = 0;
    double ms = 0;  // when its head arrived
    std::string version;
    bool announces_close = false;
    std::size_t content_size = 0;
    bool interim() const noexcept { return status >= 100 && status < 200 && status != 101; }
};

class suite_client {
public:
    suite_client(asio::io_context& io, const url& where, ssl::context* tls, timeline& clock,
                 unsigned number)
        : io_(io), where_(where), stream_(io, tls), clock_(clock), number_(number) {}
    suite_client(const suite_client&) = delete;
    suite_client& operator=(const suite_client&) = delete;
    ~suite_client() {  // the read in flight refers to this object: let it end first
        stopping_ = true;
        stream_.close();
        run_until([&] { return !reading_; }, std::chrono::seconds(5));
    }

    // @return an error text, or empty.
    std::string connect() {
        if (std::string error = connect_blocking(io_, stream_, where_, "the proxy"); !error.empty())
            return error;
        read();
        return {};
    }

    // Writes all of `bytes` (at most 30 s); @return false when the connection failed first.
    bool send(const std::string& bytes, std::string label) {
        clock_.add(hop::client_to_proxy, std::move(label), number_);
        bool done = false;
        error_code ec;
        stream_.async_write(asio::buffer(bytes), [&](const error_code& w, std::size_t) {
            ec = w;
            done = true;
        });
        run_until([&] { return done; }, std::chrono::seconds(30));
        if (!done) {  // the proxy stopped reading: give up on this connection
            stream_.close();
            run_until([&] { return done; }, std::chrono::seconds(1));
            return false;
        }
        return !ec;
    }

    // The method of the request whose response comes next in order (HEAD frames differently).
    void expect_response_to(request_method m) { parser_.expect_response_to(m); }

    // The next response: a 1xx when its head is in, a final one when its content is in too.
    // Nothing within `limit`, or nothing more on this connection: see closed() and malformed().
    std::optional<client_response> next(std::chrono::milliseconds limit) {
        std::optional<client_response> r;
        run_until([&] { return (r = ready()).has_value() || malformed() || closed_; }, limit);
        if (!r) r = ready();  // what the close completed (a response delimited by it)
        return r;
    }

    // Waits `d` for anything more: responses that arrive now answer no request.
    void linger(std::chrono::milliseconds d) {
        run_until([&] { return closed_; }, d);
    }

    bool closed() const noexcept { return closed_; }
    bool malformed() const noexcept {
        return parser_.broken() && !parser_.messages().back().valid();
    }
    std::string malformed_reason() const {
        return malformed() ? std::string(testing::to_string(parser_.messages().back().fault)) : "";
    }
    // Responses not yet taken by next(): after the last request's final, answers to nothing.
    std::size_t unread() const noexcept { return parser_.messages().size() - delivered_; }
    void shutdown_send() { stream_.shutdown_send(); }

private:
    std::optional<client_response> ready() {
        const auto& messages = parser_.messages();
        if (delivered_ >= messages.size()) return std::nullopt;
        const testing::parsed_message& m = messages[delivered_];
        if (!m.valid() || !m.head_complete) return std::nullopt;
        if (!m.is_interim() && !m.complete) return std::nullopt;
        ++delivered_;
        client_response r;
        r.status = m.status;
        r.ms = heads_ms_[delivered_ - 1];
        r.version = m.version_text;
        r.announces_close = m.response.connection == connection_intent::close;
        r.content_size = m.content.size();
        return r;
    }

    void read() {
        reading_ = true;
        stream_.async_read_some(asio::buffer(buf_), [this](const error_code& ec, std::size_t n) {
            reading_ = false;
            if (stopping_) return;
            if (ec) {
                closed_ = true;
                parser_.end();
                clock_.add(hop::proxy_to_client, "connection closed", number_);
                return;
            }
            parser_.feed({buf_.data(), n});
            const auto& messages = parser_.messages();
            while (heads_ms_.size() < messages.size() && messages[heads_ms_.size()].head_complete) {
                const testing::parsed_message& m = messages[heads_ms_.size()];
                heads_ms_.push_back(clock_.now_ms());
                clock_.add(
                    hop::proxy_to_client,
                    std::to_string(m.status) + " " + printable(m.reason, 40) +
                        (m.response.connection == connection_intent::close ? " (close)" : ""),
                    number_);
            }
            if (malformed()) {
                clock_.add(hop::proxy_to_client, "malformed response: " + malformed_reason(),
                           number_);
            }
            read();
        });
    }

    template <class Done>
    void run_until(Done done, std::chrono::milliseconds limit) {
        examples::run_until(io_, done, limit);
    }

    asio::io_context& io_;
    const url& where_;
    stream stream_;
    timeline& clock_;
    unsigned number_;
    testing::response_stream parser_;
    std::vector<double> heads_ms_;
    std::size_t delivered_ = 0;
    std::array<char, 65536> buf_{};
    bool closed_ = false;
    bool reading_ = false;
    bool stopping_ = false;
};

}  // namespace expect100::examples::suite

#endif  // EXPECT100_EXAMPLES_PROBE_SUITE_SUITE_CLIENT_HPP

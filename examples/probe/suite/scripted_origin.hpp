// Copyright (c) 2026 The expect100 authors. Distributed under the Boost Software License 1.0.
//
// The suite's origin: it listens where the proxy under test forwards to, reads what arrives
// with the strict parser of the fuzz kit (testing/strict_parse.hpp, the library's analysers),
// records every request that reached it, and answers as the current case's script says.
//
// Theory of operation
// -------------------
// One script holds for every connection the proxy opens until the suite sets the next one; the
// origin does not know which client connection a request came from (a proxy may pool). Each
// connection is a session with its own request stream; its pending read and timers own it, so it
// lives exactly as long as the connection. For each request, in order:
//   - when its head is in: it is recorded, each scripted interim response is scheduled at its
//     offset from now, and an early final response (timing at_head) goes out at once;
//   - when its content is in: a final response timed after_body goes out once every interim
//     went, so a late 100 still precedes it.
// After a final response with `Connection: close` the session half-closes and reads on until
// the proxy closes (RFC 9112 §9.6), still recording what arrives: a request sent after it is
// evidence too. After an early final response with keep-alive the origin reads and drops the
// announced content (RFC 9112 §9.3, S-8): the request stream frames it, so the origin itself
// never mistakes a body for a request. A head the strict parser refuses is recorded and
// answered 400 with a close, as a strict origin would.
#ifndef EXPECT100_EXAMPLES_PROBE_SUITE_SCRIPTED_ORIGIN_HPP
#define EXPECT100_EXAMPLES_PROBE_SUITE_SCRIPTED_ORIGIN_HPP

#include "../../common/net.hpp"
#include "../../common/program.hpp"
#include "timeline.hpp"

#include <expect100/testing/strict_parse.hpp>
#include <expect100/wire.hpp>

#include <expect100/detail/ascii.hpp>

#include <array>
#include <chrono>
#include <cstdint>
#include <deque>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace expect100::examples::suite {

struct interim_step {
    unsigned status = 100;
    std::chrono::milliseconds after{0};  // from the head's arrival
};

enum class final_timing : std::uint8_t { after_body, at_head };
enum class connection_after : std::uint8_t { keep_alive, close };
enum class origin_version : std::uint8_t { http11, http10 };
// Which requests get a scripted 100: those that ask for one (S-3), or any with an Expect field,
// as a sloppy origin does (to see whether the proxy passes a 100 to an HTTP/1.0 client, S-2).
enum class continue_to : std::uint8_t { requests_asking, any_expect_field };

struct origin_script {
    std::vector<interim_step> interims;
    unsigned final_status = 200;
    final_timing timing = final_timing::after_body;
    connection_after after = connection_after::keep_alive;
    origin_version version = origin_version::http11;  // an HTTP/1.0 origin sends no 1xx
    continue_to sends_100_to = continue_to::requests_asking;
};

// One request as it reached the origin.
struct origin_request {
    unsigned connection = 0;
    double head_ms = 0;
    std::string start_line;
    std::string method, target, version;
    std::optional<std::string> expect;  // the Expect field lines, joined; none if absent
    testing::wire_fault fault = testing::wire_fault::none;
    std::string head;  // raw, for the report when it is refused
    std::string content_sha256;
    std::size_t content_size = 0;
    bool complete = false;
    bool after_close = false;  // arrived after the origin said Connection: close
};

class scripted_origin {
public:
    scripted_origin(asio::io_context& io, const tcp::endpoint& where, timeline& clock)
        : io_(io), acceptor_(listen_on(io, where, false)), clock_(clock) {
        accept();
    }

    tcp::endpoint local_endpoint() const { return acceptor_.local_endpoint(); }

    // The script for the requests to come; the record starts empty.
    void set_script(origin_script s) {
        script_ = std::move(s);
        requests_.clear();
    }
    const std::vector<origin_request>& requests() const noexcept { return requests_; }
    unsigned connections() const noexcept { return next_connection_ - 1; }

private:
    class session : public std::enable_shared_from_this<session> {
    public:
        session(scripted_origin& owner, tcp::socket socket, unsigned number)
            : owner_(owner), socket_(std::move(socket)), number_(number) {}

        void start() { read(); }

    private:
        struct progress {
            std::size_t record = 0;  // index in the owner's requests
            bool head_seen = false;
            bool final_sent = false;
            bool content_seen = false;
            unsigned interims_due = 0;
        };

        void read() {
            auto self = shared_from_this();
            socket_.async_read_some(
                asio::buffer(buf_), [self](const error_code& ec, std::size_t n) {
                    if (ec) {
                        self->owner_.clock_.add(hop::proxy_to_origin, "connection closed",
                                                self->number_);
                        return;
                    }
                    self->take({self->buf_.data(), n});
                    self->read();
                });
        }

        void take(std::string_view bytes) {
            parser_.feed(bytes);
            const auto& messages = parser_.messages();
            while (progress_.size() < messages.size())
                progress_.emplace_back();
            for (std::size_t i = 0; i < messages.size(); ++i) {
                step(i, messages[i]);
            }
        }

        void step(std::size_t i, const testing::parsed_message& m) {
            progress& p = progress_[i];
            if (!p.head_seen && (m.head_complete || !m.valid())) {
                p.head_seen = true;
                p.record = owner_.record(m, number_, closing_);
                if (!m.valid()) {
                    owner_.clock_.add(hop::proxy_to_origin,
                                      "refused head: " + std::string(testing::to_string(m.fault)),
                                      number_);
                    send_final(p, 400, connection_after::close);
                    return;
                }
                owner_.clock_.add(hop::proxy_to_origin, summary(m), number_);
                if (closing_) return;
                const origin_script& s = owner_.script_;
                // An HTTP/1.0 origin sends no 1xx; a 100 answers a 100-continue that arrived
                // (S-3), as the library's analyser reads it (G-3, G-6).
                const bool expected = m.request.expects_continue() ||
                                      (s.sends_100_to == continue_to::any_expect_field &&
                                       owner_.requests_[p.record].expect.has_value());
                for (const interim_step& step : s.interims) {
                    if (s.version == origin_version::http11 && (step.status != 100 || expected)) {
                        schedule_interim(i, step);
                    }
                }
                if (s.timing == final_timing::at_head && p.interims_due == 0 && refuses(p, m)) {
                    send_final(p, s.final_status, s.after);
                }
            }
            if (!m.complete || p.content_seen) return;
            p.content_seen = true;
            origin_request& r = owner_.requests_[p.record];
            r.complete = true;
            sha256 digest;
            digest.update(m.content);
            r.content_sha256 = digest.hex();
            r.content_size = m.content.size();
            if (!m.content.empty()) {
                owner_.clock_.add(hop::proxy_to_origin,
                                  "body, " + std::to_string(m.content.size()) + " bytes", number_);
            }
            maybe_final_after_body(p);
        }

        // A final response timed after the body goes once the body and every interim are out.
        void maybe_final_after_body(progress& p) {
            const origin_script& s = owner_.script_;
            if (closing_ || p.final_sent || !p.content_seen || p.interims_due != 0) return;
            if (s.timing == final_timing::after_body) {
                send_final(p, s.final_status, s.after);
            } else if (!p.final_sent) {  // a request the early final does not refuse
                send_final(p, 200, connection_after::keep_alive);
            }
        }

        // Whether an early final response (timing at_head) refuses this request: one with
        // content, and for a 417 one with an expectation. A request without content (the
        // second request on a connection), or one repeated without Expect after a 417 (P-16),
        // is served after its body.
        bool refuses(const progress& p, const testing::parsed_message& m) const {
            const bool content =
                m.request.framing == body_framing::chunked ||
                (m.request.framing == body_framing::content_length && m.request.content_length > 0);
            return content && (owner_.script_.final_status != 417 ||
                               owner_.requests_[p.record].expect.has_value());
        }

        void schedule_interim(std::size_t i, const interim_step& step) {
            ++progress_[i].interims_due;
            auto timer = std::make_shared<steady_timer>(owner_.io_);
            timers_.push_back(timer);
            timer->expires_after(step.after);
            auto self = shared_from_this();
            timer->async_wait([self, i, status = step.status](const error_code& ec) {
                if (ec) return;
                progress& p = self->progress_[i];
                --p.interims_due;
                if (!p.final_sent && !self->closing_) {
                    std::string head =
                        "HTTP/1.1 " + std::to_string(status) + " " +
                        std::string(reason_phrase(static_cast<std::uint16_t>(status))) + "\r\n";
                    if (status == 103) head += "Link: </style.css>; rel=preload\r\n";
                    self->write(head + "\r\n");
                    self->owner_.clock_.add(hop::origin_to_proxy,
                                            head.substr(9, head.find('\r') - 9), self->number_);
                }
                const origin_script& s = self->owner_.script_;
                if (s.timing == final_timing::at_head && p.interims_due == 0 && !p.final_sent &&
                    self->refuses(p, self->parser_.messages()[i])) {
                    self->send_final(p, s.final_status, s.after);
                } else {
                    self->maybe_final_after_body(p);
                }
            });
        }

        void send_final(progress& p, unsigned status, connection_after after) {
            if (p.final_sent || closing_) return;
            p.final_sent = true;
            const bool http10 = owner_.script_.version == origin_version::http10;
            const bool close = after == connection_after::close || http10;
            const std::string body = status < 300 ? "ok\n" : "no\n";
            std::string head =
                std::string(http10 ? "HTTP/1.0 " : "HTTP/1.1 ") + std::to_string(status) + " " +
                std::string(reason_phrase(static_cast<std::uint16_t>(status))) + "\r\n";
            owner_.clock_.add(hop::origin_to_proxy,
                              head.substr(9, head.size() - 11) + (close ? " (close)" : ""),
                              number_);
            head += "Content-Length: " + std::to_string(body.size()) + "\r\n";
            if (close && !http10) head += "Connection: close\r\n";
            write(head + "\r\n" + body);
            if (close) closing_ = true;
        }

        void write(std::string bytes) {
            queue_.push_back(std::move(bytes));
            if (queue_.size() == 1) flush();
        }
        void flush() {
            auto self = shared_from_this();
            asio::async_write(socket_, asio::buffer(queue_.front()),
                              [self](const error_code& ec, std::size_t) {
                                  self->queue_.pop_front();
                                  if (ec) return;
                                  if (!self->queue_.empty()) {
                                      self->flush();
                                  } else if (self->closing_) {  // RFC 9112 §9.6: in stages
                                      error_code ignored;
                                      self->socket_.shutdown(tcp::socket::shutdown_send, ignored);
                                  }
                              });
        }

        static std::string summary(const testing::parsed_message& m) {
            std::string s = m.method + " " + m.target + " " + m.version_text;
            for (const auto& f : m.fields) {
                if (expect100::detail::equals_lowercase(f.name, "expect")) {
                    s += " + Expect: " + printable(f.value, 60);
                }
            }
            return s;
        }

        scripted_origin& owner_;
        tcp::socket socket_;
        unsigned number_;
        testing::request_stream parser_;
        std::vector<progress> progress_;
        std::vector<std::shared_ptr<steady_timer>> timers_;
        std::deque<std::string> queue_;
        std::array<char, 65536> buf_{};
        bool closing_ = false;
    };

    std::size_t record(const testing::parsed_message& m, unsigned connection, bool after_close) {
        origin_request r;
        r.connection = connection;
        r.head_ms = clock_.now_ms();
        r.start_line = m.head.substr(0, m.head.find("\r\n"));
        r.method = m.method;
        r.target = m.target;
        r.version = m.version_text;
        r.fault = m.fault;
        r.head = m.head;
        r.after_close = after_close;
        for (const auto& f : m.fields) {
            if (!expect100::detail::equals_lowercase(f.name, "expect")) continue;
            r.expect = r.expect ? *r.expect + ", " + f.value : f.value;
        }
        requests_.push_back(std::move(r));
        return requests_.size() - 1;
    }

    void accept() {
        acceptor_.async_accept([this](const error_code& ec, tcp::socket socket) {
            if (ec) return;
            socket.set_option(tcp::no_delay(true));
            const unsigned number = next_connection_++;
            clock_.add(hop::proxy_to_origin, "connection opened", number);
            auto s = std::make_shared<session>(*this, std::move(socket), number);
            s->start();
            accept();
        });
    }

    asio::io_context& io_;
    tcp::acceptor acceptor_;
    timeline& clock_;
    origin_script script_;
    std::vector<origin_request> requests_;
    unsigned next_connection_ = 1;
};

}  // namespace expect100::examples::suite

#endif  // EXPECT100_EXAMPLES_PROBE_SUITE_SCRIPTED_ORIGIN_HPP

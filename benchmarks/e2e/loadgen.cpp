// Copyright (c) 2026 The expect100 authors. Distributed under the Boost Software License 1.0.
//
// expect100-loadgen: an HTTP/1.1 upload load generator that speaks Expect: 100-continue
// properly, which wrk and its kin cannot (they write head and body at once).
//
// Each connection loops: write the head (with Expect in --mode expect), wait for the 100 or its
// own timer (--wait-ms), write the body in 64 KiB pieces, read the final response; keep-alive
// unless the response closes (or came before the body was written: then the connection cannot
// be reused, RFC 9110 §10.1.1 C-12, and a new one is opened). --mode plain writes head and body
// in one write, so the cost of Expect itself shows.
//
// --http2 speaks HTTP/2 instead (prior knowledge on http://, ALPN h2 on https://): each of the
// -c connections keeps --streams requests in flight, one stream each, and each stream does what
// an HTTP/1.1 connection does: HEADERS with Expect, the wait for the 100 from the moment the
// HEADERS frame was written (H2-9), the body as DATA frames (the nghttp2 adapter's
// client_stream: its data provider held until released), the final response; an early final
// stops the body and cancels the stream (H2-7). h2load cannot wait for a 100; this can.
//
// Per request it records the time to the 100 and to the end of the final response, and the body
// bytes written before the final response's head arrived (0 is what an early rejection should
// cost). Prints one JSON object (requests/s, MB/s, percentiles, statuses) and optionally every
// sample (--samples FILE: "final_ms continue_ms uploaded_bytes" per line) for plots.
#include "../../examples/common/http.hpp"
#include "../../examples/common/net.hpp"
#include "../../examples/common/program.hpp"

#include <expect100/beast/response_reader.hpp>
#include <expect100/nghttp2/client_stream.hpp>
#include <expect100/nghttp2/session.hpp>

#include <boost/asio/steady_timer.hpp>
#include <boost/json.hpp>
#include <boost/json/src.hpp>  // header-only Boost.JSON, in this one translation unit

#include <algorithm>
#include <array>
#include <cstdio>
#include <fstream>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <sys/resource.h>

namespace {

using namespace expect100;
using namespace expect100::examples;
namespace json = boost::json;

enum class mode { expect, plain };
enum class protocol { http1, http2 };

struct settings {
    tcp::endpoint target;
    std::string host;
    std::string path = "/bench";
    std::size_t connections = 64;
    std::size_t body = 4096;
    std::chrono::milliseconds wait{1000};
    std::chrono::milliseconds duration{5000};
    std::chrono::milliseconds warmup{500};
    mode how = mode::expect;
    protocol version = protocol::http1;
    std::size_t streams = 1;  // HTTP/2: requests in flight per connection
    ssl::context* tls = nullptr;
};

struct sample {
    double final_ms = 0;
    double continue_ms = -1;  // -1: no 100
    std::uint64_t uploaded_before_final = 0;
    unsigned status = 0;
};

struct totals {
    std::vector<sample> samples;
    std::uint64_t errors = 0;
    std::uint64_t connects = 0;
    std::uint64_t served_connections = 0;  // connections with at least one request measured
    bool counting = false;
    bool stopping = false;
};

class connection : public std::enable_shared_from_this<connection> {
public:
    connection(asio::io_context& io, const settings& s, totals& t, const std::string& head,
               const std::string& body)
        : io_(io), s_(s), t_(t), head_(head), body_(body), timer_(io) {}

    void start() {
        stream_.emplace(io_, s_.tls);
        ++t_.connects;
        stream_->socket().async_connect(
            s_.target, [self = shared_from_this()](const error_code& ec) {
                if (ec) return self->fail();
                self->stream_->socket().set_option(tcp::no_delay(true));
                self->stream_->async_handshake(ssl::stream_base::client, self->s_.host,
                                               [self](const error_code& hec) {
                                                   if (hec) return self->fail();
                                                   self->next_request();
                                               });
            });
    }

private:
    void next_request() {
        if (t_.stopping) return stream_->close();
        started_ = steady::now();
        got_100_ = false;
        final_head_ = false;
        body_done_ = false;
        body_started_ = false;
        written_ = 0;
        uploaded_at_final_ = 0;
        continue_ms_ = -1;
        reader_.expect(request_method::post);
        if (s_.how == mode::plain) {
            body_started_ = true;
            std::array<asio::const_buffer, 2> both{asio::buffer(head_), asio::buffer(body_)};
            stream_->async_write(both,
                                 [self = shared_from_this()](const error_code& ec, std::size_t) {
                                     if (ec) return self->fail();
                                     self->written_ = self->body_.size();
                                     self->body_done_ = true;
                                     self->maybe_done();
                                 });
        } else {
            head_written_ = false;
            stream_->async_write(asio::buffer(head_),
                                 [self = shared_from_this()](const error_code& ec, std::size_t) {
                                     if (ec) return self->fail();
                                     self->head_written_ = true;
                                     if (self->got_100_)
                                         return self->send_body();  // it came before we knew
                                     self->arm_wait();
                                 });
        }
        read();
    }

    void arm_wait() {
        if (body_started_ || final_head_) return;
        timer_.expires_after(s_.wait);
        timer_.async_wait([self = shared_from_this()](const error_code& ec) {
            if (!ec) self->send_body();
        });
    }

    void send_body() {
        if (body_started_ || final_head_ || !head_written_) return;  // one write at a time
        body_started_ = true;
        timer_.cancel();
        write_piece();
    }

    void write_piece() {
        if (final_head_) {  // rejected mid-body: stop; the connection cannot be reused
            body_done_ = true;
            return maybe_done();
        }
        const std::size_t n = std::min<std::size_t>(64 * 1024, body_.size() - written_);
        if (n == 0) {
            body_done_ = true;
            return maybe_done();
        }
        stream_->async_write(asio::buffer(body_.data() + written_, n),
                             [self = shared_from_this(), n](const error_code& ec, std::size_t) {
                                 if (ec) return self->fail();
                                 self->written_ += n;
                                 self->write_piece();
                             });
    }

    // Reads, then one response event at a time (beast/response_reader.hpp): each 1xx, the final
    // head, the end; a close ends a body delimited by it (put_eof) and is a failure anywhere
    // else. (Not async_read_response: when a read brings an event and the bytes after it, it
    // goes through the executor once more for them, behind every ready handler of 10 000
    // connections on one thread. Measured in tests/soak/hold.sh: this loop served every
    // connection with final p99 3.1-3.8 s; async_read_response left 438 and 2 110 of 10 000
    // unserved in two of three runs, p99 6.6-6.9 s.)
    void read() {
        if (reading_) return;
        reading_ = true;
        stream_->async_read_some(
            asio::buffer(buf_), [self = shared_from_this()](const error_code& ec, std::size_t n) {
                self->reading_ = false;
                if (ec) {
                    const beast::response_step s = self->reader_.put_eof();
                    if (s.event == beast::response_event::complete) {
                        (void)self->on_response_event(s);
                        return;
                    }
                    return self->fail();
                }
                self->pending_.append(self->buf_.data(), n);
                for (;;) {
                    const beast::response_step s = self->reader_.put(self->pending_);
                    self->pending_.erase(0, s.used);
                    if (s.event == beast::response_event::need_more) break;
                    if (!self->on_response_event(s)) return;
                }
                self->read();
            });
    }

    // @return false when reading on this connection stops (the response is in, or it failed).
    bool on_response_event(const beast::response_step& s) {
        const response_facts& f = reader_.facts();
        switch (s.event) {
        case beast::response_event::interim_head:
            if (f.status == 100 && !got_100_) {
                got_100_ = true;
                continue_ms_ = ms_between(started_, steady::now());
                send_body();
            }
            return true;
        case beast::response_event::final_head:
            final_head_ = true;
            uploaded_at_final_ = written_;
            status_ = f.status;
            close_after_ = f.connection == connection_intent::close;
            timer_.cancel();
            return true;
        case beast::response_event::complete:
            response_done_ = true;
            maybe_done();
            return false;
        case beast::response_event::need_more:
        case beast::response_event::closed:
        case beast::response_event::unsolicited:
        case beast::response_event::error: fail(); return false;
        }
        return false;
    }

    void maybe_done() {
        if (!response_done_) return;
        if (!body_done_ && body_started_) return;  // a write is still in flight
        response_done_ = false;
        if (t_.counting) {
            t_.samples.push_back(
                {ms_between(started_, steady::now()), continue_ms_, uploaded_at_final_, status_});
            if (!served_) {
                served_ = true;
                ++t_.served_connections;
            }
        }
        const bool body_unsent = written_ < body_.size();
        if (close_after_ || body_unsent) {  // C-12: unsent body, or the server closes
            stream_->close();
            return start();
        }
        next_request();
    }

    void fail() {
        if (t_.counting && !t_.stopping) ++t_.errors;
        timer_.cancel();
        if (stream_) stream_->close();
        if (t_.stopping) return;
        // Try again after a short pause (a refused connection must not spin).
        auto self = shared_from_this();
        timer_.expires_after(std::chrono::milliseconds(10));
        timer_.async_wait([self](const error_code& ec) {
            if (!ec) self->start();
        });
    }

    asio::io_context& io_;
    const settings& s_;
    totals& t_;
    const std::string& head_;
    const std::string& body_;
    std::optional<stream> stream_;
    asio::steady_timer timer_;
    beast::response_reader reader_;  // counts the content, keeps none of it
    std::array<char, 16 * 1024> buf_{};
    std::string pending_;  // read and not yet parsed
    steady::time_point started_{};
    std::size_t written_ = 0;
    std::uint64_t uploaded_at_final_ = 0;
    double continue_ms_ = -1;
    unsigned status_ = 0;
    bool got_100_ = false;
    bool served_ = false;  // a request of this connection was measured
    bool head_written_ = true;
    bool final_head_ = false;
    bool body_started_ = false;
    bool body_done_ = false;
    bool response_done_ = false;
    bool close_after_ = false;
    bool reading_ = false;
};

// ---- HTTP/2: one connection, --streams requests in flight, one stream each ---------------------
class h2_connection : public std::enable_shared_from_this<h2_connection> {
public:
    h2_connection(asio::io_context& io, const settings& s, totals& t, const std::string& body)
        : io_(io), s_(s), t_(t), body_(body), retry_(io) {}

    void start() {
        stream_.emplace(io_, s_.tls);
        ++t_.connects;
        stream_->socket().async_connect(s_.target, [self =
                                                        shared_from_this()](const error_code& ec) {
            if (ec) return self->fail();
            self->stream_->socket().set_option(tcp::no_delay(true));
            self->stream_->async_handshake(
                ssl::stream_base::client, self->s_.host, [self](const error_code& hec) {
                    if (hec || (self->stream_->is_tls() && self->stream_->alpn_protocol() != "h2"))
                        return self->fail();
                    self->session_ = nghttp2::make_session(nghttp2::session_role::client, *self);
                    if (!self->session_) return self->fail();
                    for (std::size_t i = 0; i < self->s_.streams; ++i)
                        self->next_request();
                    self->flush();
                    self->read();
                });
        });
    }

    // ---- nghttp2's callbacks (nghttp2/session.hpp) --------------------------------------------
    int on_begin_headers(const nghttp2_frame& f) {
        if (exchange* x = find(f.hd.stream_id)) x->stream.begin_response_part();
        return 0;
    }
    int on_header(const nghttp2_frame& f, std::string_view name, std::string_view value) {
        if (exchange* x = find(f.hd.stream_id)) x->stream.add_field(name, value);
        return 0;
    }
    int on_frame_recv(const nghttp2_frame& f) {
        // GOAWAY: no new stream here (nghttp2 1.52 as Debian patches it answers a client that
        // resets streams fast, as this one does after every early final, with GOAWAY
        // ENHANCE_YOUR_CALM after a burst of 1000: the rapid-reset mitigation, CVE-2023-44487).
        if (f.hd.type == NGHTTP2_GOAWAY) going_away_ = true;
        exchange* x = find(f.hd.stream_id);
        if (x == nullptr) return 0;
        if (f.hd.type == NGHTTP2_HEADERS) {
            switch (x->stream.on_headers_end(f, request_method::post)) {
            case nghttp2::response_part::interim:
                if (x->stream.facts().status == 100 && x->continue_ms < 0) {
                    x->continue_ms = ms_between(x->started, steady::now());
                    release(*x);
                }
                break;
            case nghttp2::response_part::final:
                x->final_head = true;
                x->status = x->stream.facts().status;
                x->uploaded_at_final = x->stream.body().sent();
                x->wait.cancel();
                if (!x->body_released) x->stream.stop_body();  // H2-7: never sent
                break;
            case nghttp2::response_part::trailers:
            case nghttp2::response_part::malformed: break;
            }
        } else if (f.hd.type == NGHTTP2_DATA && (f.hd.flags & NGHTTP2_FLAG_END_STREAM) != 0) {
            x->stream.on_data_end();
        }
        // The response is complete and the body is not: stop it and let the stream go.
        if (x->stream.response_complete() && !x->stream.body_sent()) {
            x->stream.stop_body();
            x->stream.cancel();
        }
        return 0;
    }
    int on_data_chunk(std::int32_t id, std::string_view data) {
        if (exchange* x = find(id)) x->stream.on_data(data.size());
        return 0;
    }
    int on_stream_close(std::int32_t id, std::uint32_t code) {
        const auto it = exchanges_.find(id);
        if (it == exchanges_.end()) return 0;
        exchange& x = *it->second;
        x.wait.cancel();
        if (x.stream.response_complete()) {
            if (t_.counting) {
                t_.samples.push_back({ms_between(x.started, steady::now()), x.continue_ms,
                                      x.uploaded_at_final, x.status});
                if (!served_) {
                    served_ = true;
                    ++t_.served_connections;
                }
            }
        } else if (code == NGHTTP2_REFUSED_STREAM) {
            going_away_ = true;  // not processed (RFC 9113 §8.7): it goes again, not an error
        } else if (t_.counting && !t_.stopping) {
            ++t_.errors;
        }
        closed_.push_back(std::move(it->second));  // nghttp2 may still hold its provider now
        exchanges_.erase(it);
        next_soon_ = true;
        return 0;
    }
    int on_frame_send(const nghttp2_frame& f) {
        exchange* x = find(f.hd.stream_id);
        if (x == nullptr) return 0;
        if (x->stream.on_frame_sent(f) == nghttp2::request_progress::head_sent) arm_wait(*x);
        return 0;
    }
    // A request refused before it went (the server said GOAWAY): it goes again on a new
    // connection, not counted.
    int on_frame_not_send(const nghttp2_frame& f, int) {
        const auto it = exchanges_.find(f.hd.stream_id);
        if (f.hd.type != NGHTTP2_HEADERS || it == exchanges_.end()) return 0;
        closed_.push_back(std::move(it->second));
        exchanges_.erase(it);
        going_away_ = true;
        return 0;
    }

private:
    struct exchange {
        exchange(nghttp2_session* s, asio::io_context& io) : stream(s), wait(io) {}
        nghttp2::client_stream stream;
        asio::steady_timer wait;
        steady::time_point started = steady::now();
        std::size_t appended = 0;  // body bytes handed to the stream so far
        std::uint64_t uploaded_at_final = 0;
        double continue_ms = -1;
        unsigned status = 0;
        bool body_released = false;
        bool final_head = false;
    };
    exchange* find(std::int32_t id) {
        const auto it = exchanges_.find(id);
        return it == exchanges_.end() ? nullptr : it->second.get();
    }

    void next_request() {
        if (t_.stopping || going_away_) return;
        auto x = std::make_unique<exchange>(session_.get(), io_);
        const std::string length = std::to_string(body_.size());
        std::vector<std::pair<std::string_view, std::string_view>> fields = {
            {":method", "POST"},
            {":scheme", s_.tls != nullptr ? "https" : "http"},
            {":authority", s_.host},
            {":path", s_.path},
            {"content-length", length}};
        if (s_.how == mode::expect) fields.emplace_back("expect", "100-continue");
        const std::int32_t id = x->stream.submit(fields, !body_.empty());
        if (id < 0) return fail();
        if (s_.how == mode::plain) release(*x);
        exchanges_[id] = std::move(x);
    }
    // The wait for the 100 starts when the HEADERS frame was written (H2-9).
    void arm_wait(exchange& x) {
        if (x.body_released || x.final_head || s_.how == mode::plain) return;
        x.wait.expires_after(s_.wait);
        const std::int32_t id = x.stream.id();
        x.wait.async_wait([self = shared_from_this(), id](const error_code& ec) {
            if (ec) return;
            if (exchange* e = self->find(id)) self->release(*e);
            self->flush();
        });
    }
    void release(exchange& x) {
        if (x.body_released || x.final_head) return;
        x.body_released = true;
        x.stream.release_body();
        top_up(x);
    }
    // The body goes to the stream's provider in pieces, 256 KiB ahead at most: an 8 MiB upload
    // is not copied whole per request.
    void top_up(exchange& x) {
        if (!x.body_released || x.final_head) return;
        while (x.appended < body_.size() && x.stream.body().queued() < 256 * 1024) {
            const std::size_t n = std::min<std::size_t>(64 * 1024, body_.size() - x.appended);
            x.stream.append_body(std::string_view(body_).substr(x.appended, n));
            x.appended += n;
        }
        if (x.appended == body_.size() && !x.stream.body().complete()) x.stream.finish_body();
    }

    // New requests for the streams that ended, more body for the released ones, and the frames
    // out. A stream may end while nghttp2 writes (our reset after an early final): its
    // successor is submitted in the same flush, not after a read that would never come.
    void flush() {
        if (!session_ || !stream_) return;
        do {
            if (std::exchange(next_soon_, false)) {
                while (exchanges_.size() < s_.streams && !t_.stopping && !going_away_)
                    next_request();
            }
            for (auto& [id, x] : exchanges_)
                top_up(*x);
            switch (sio_.take(session_.get(), out_.queue())) {
            case nghttp2::session_io::output::deferred: return;
            case nghttp2::session_io::output::failed: return fail();
            case nghttp2::session_io::output::taken: break;
            }
        } while (next_soon_ && !t_.stopping && !going_away_);
        out_.flush(*stream_, [self = shared_from_this()](const error_code& ec) {
            if (ec) return self->fail();
            self->flush();  // more of the bodies, as the windows allow
        });
    }
    void read() {
        stream_->async_read_some(asio::buffer(buf_), [self = shared_from_this()](
                                                         const error_code& ec, std::size_t n) {
            if (ec) return self->fail();
            if (!self->sio_.receive(self->session_.get(), std::string_view(self->buf_.data(), n)))
                return self->fail();
            self->closed_.clear();
            self->flush();
            if (self->exchanges_.empty() && (self->t_.stopping || self->going_away_)) {
                self->stream_->close();
                // The streams this connection carried go on on a new one.
                if (!self->t_.stopping)
                    std::make_shared<h2_connection>(self->io_, self->s_, self->t_, self->body_)
                        ->start();
                return;
            }
            self->read();
        });
    }
    void fail() {
        if (t_.counting && !t_.stopping) ++t_.errors;
        for (auto& [id, x] : exchanges_)
            x->wait.cancel();
        session_.reset();  // before the exchanges: their providers are nghttp2's until then
        exchanges_.clear();
        closed_.clear();
        if (stream_) stream_->close();
        if (t_.stopping) return;
        retry_.expires_after(std::chrono::milliseconds(10));  // a refused connection must not spin
        retry_.async_wait([self = shared_from_this()](const error_code& ec) {
            if (!ec) self->start();
        });
    }

    asio::io_context& io_;
    const settings& s_;
    totals& t_;
    const std::string& body_;
    std::optional<stream> stream_;
    asio::steady_timer retry_;
    std::map<std::int32_t, std::unique_ptr<exchange>> exchanges_;
    std::vector<std::unique_ptr<exchange>> closed_;  // closed inside a callback: freed after it
    nghttp2::session_handle session_;                // after the exchanges: it goes first
    nghttp2::session_io sio_;
    gather_writer out_;
    std::array<char, 64 * 1024> buf_{};
    bool served_ = false;
    bool next_soon_ = false;
    bool going_away_ = false;  // the server said GOAWAY: new streams go on a new connection
};

double percentile(std::vector<double> v, double p) {
    if (v.empty()) return 0;
    std::sort(v.begin(), v.end());
    const auto i = static_cast<std::size_t>(p / 100.0 * static_cast<double>(v.size() - 1) + 0.5);
    return v[std::min(i, v.size() - 1)];
}

json::object distribution(const std::vector<double>& v) {
    return json::object{{"count", v.size()},
                        {"p50", percentile(v, 50)},
                        {"p90", percentile(v, 90)},
                        {"p99", percentile(v, 99)},
                        {"max", percentile(v, 100)}};
}

}  // namespace

int main(int argc, char** argv) {
    return run_program("expect100-loadgen", [&]() -> int {
        po::options_description desc("options");
        desc.add_options()("help,h", "print this help")("url", po::value<std::string>()->required(),
                                                        "http:// or https:// URL to upload to")(
            "connections,c", po::value<std::size_t>()->default_value(64), "keep-alive connections")(
            "body", po::value<std::size_t>()->default_value(4096), "body size in bytes")(
            "mode", po::value<std::string>()->default_value("expect"),
            "expect: head, wait for the 100 (or --wait-ms), body; plain: head and body at once")(
            "wait-ms", po::value<unsigned>()->default_value(1000), "the client's wait for a 100")(
            "duration-ms", po::value<unsigned>()->default_value(5000), "measured time")(
            "warmup-ms", po::value<unsigned>()->default_value(500), "unmeasured time first")(
            "insecure,k", "do not verify the server's certificate")(
            "http2", "HTTP/2: prior knowledge on http://, ALPN h2 on https://")(
            "streams", po::value<std::size_t>()->default_value(1),
            "with --http2, requests in flight per connection (one stream each)")(
            "samples", po::value<std::string>(),
            "write every sample to FILE: final_ms continue_ms uploaded_bytes");
        po::positional_options_description positional;
        positional.add("url", 1);
        po::variables_map vm;
        if (!parse_command_line(argc, argv, desc, positional, vm,
                                "expect100-loadgen URL [-c N] [--body BYTES] [--mode expect|plain] "
                                "[--wait-ms MS] [--duration-ms MS] [--http2 [--streams N]]")) {
            return exit_ok;
        }
        const url u = parse_url(vm["url"].as<std::string>());
        settings s;
        s.host = u.host;
        s.path = u.target;
        s.connections = std::max<std::size_t>(1, vm["connections"].as<std::size_t>());
        s.body = vm["body"].as<std::size_t>();
        s.wait = std::chrono::milliseconds(vm["wait-ms"].as<unsigned>());
        s.duration = std::chrono::milliseconds(vm["duration-ms"].as<unsigned>());
        s.warmup = std::chrono::milliseconds(vm["warmup-ms"].as<unsigned>());
        const std::string m = vm["mode"].as<std::string>();
        if (m == "expect")
            s.how = mode::expect;
        else if (m == "plain")
            s.how = mode::plain;
        else
            throw usage_error("--mode is expect or plain, not '" + m + "'");
        if (vm.count("http2") != 0) s.version = protocol::http2;
        s.streams = std::max<std::size_t>(1, vm["streams"].as<std::size_t>());

        asio::io_context io(1);
        s.target = resolve_one(io, {u.host, u.port});
        std::optional<ssl::context> tls;
        if (u.https) {
            tls.emplace(client_tls("", vm.count("insecure") != 0 ? peer_verification::insecure
                                                                 : peer_verification::verify));
            if (s.version == protocol::http2) offer_alpn(*tls, alpn_offer::h2_and_http1);
            s.tls = &*tls;
        }
        std::string head = "POST " + s.path + " HTTP/1.1\r\nHost: " + host_field(u) +
                           "\r\nContent-Length: " + std::to_string(s.body) + "\r\n";
        if (s.how == mode::expect) head += "Expect: 100-continue\r\n";
        head += "\r\n";
        const std::string body(s.body, 'x');

        totals t;
        std::vector<std::shared_ptr<connection>> all;
        std::vector<std::shared_ptr<h2_connection>> all_h2;
        for (std::size_t i = 0; i < s.connections; ++i) {
            if (s.version == protocol::http2) {
                all_h2.push_back(std::make_shared<h2_connection>(io, s, t, body));
                all_h2.back()->start();
                continue;
            }
            all.push_back(std::make_shared<connection>(io, s, t, head, body));
            all.back()->start();
        }
        asio::steady_timer phase(io);
        steady::time_point measured_from{};
        phase.expires_after(s.warmup);
        phase.async_wait([&](const error_code&) {
            t.counting = true;
            measured_from = steady::now();
            phase.expires_after(s.duration);
            phase.async_wait([&](const error_code&) {
                t.counting = false;
                t.stopping = true;
                io.stop();
            });
        });
        io.run();
        const double seconds = ms_between(measured_from, steady::now()) / 1000.0;

        std::vector<double> finals, continues, uploaded;
        std::map<std::string, std::uint64_t> statuses;
        for (const sample& x : t.samples) {
            finals.push_back(x.final_ms);
            if (x.continue_ms >= 0) continues.push_back(x.continue_ms);
            uploaded.push_back(static_cast<double>(x.uploaded_before_final));
            ++statuses[std::to_string(x.status)];
        }
        json::object status_counts;
        for (const auto& [k, v] : statuses)
            status_counts[k] = v;
        const double n = static_cast<double>(t.samples.size());
        rusage usage{};
        getrusage(RUSAGE_SELF, &usage);
        const auto secs = [](const timeval& tv) {
            return static_cast<double>(tv.tv_sec) + static_cast<double>(tv.tv_usec) / 1e6;
        };
        json::object out{
            {"protocol", s.version == protocol::http2 ? "h2" : "http/1.1"},
            {"streams", s.version == protocol::http2 ? s.streams : std::size_t{1}},
            {"requests", t.samples.size()},
            {"errors", t.errors},
            {"connects", t.connects},
            {"served_connections", t.served_connections},
            {"seconds", seconds},
            {"rps", seconds > 0 ? n / seconds : 0.0},
            {"mb_per_s", seconds > 0 ? n * static_cast<double>(s.body) / 1e6 / seconds : 0.0},
            {"final_ms", distribution(finals)},
            {"continue_ms", distribution(continues)},
            {"uploaded_before_final_bytes", distribution(uploaded)},
            {"statuses", status_counts},
            {"cpu_seconds", secs(usage.ru_utime) + secs(usage.ru_stime)}};
        std::printf("%s\n", json::serialize(out).c_str());
        if (vm.count("samples") != 0) {
            std::ofstream f(vm["samples"].as<std::string>());
            for (const sample& x : t.samples) {
                f << x.final_ms << ' ' << x.continue_ms << ' ' << x.uploaded_before_final << '\n';
            }
        }
        return t.samples.empty() ? exit_failure : exit_ok;
    });
}

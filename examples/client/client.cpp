// Copyright (c) 2026 The expect100 authors. Distributed under the Boost Software License 1.0.
//
// expect100-client: a curl-like uploader whose Expect: 100-continue behaviour is the client
// machine's (basic_client, any preset), and which says what happened to the body and why.
//
//   expect100-client https://host/path --data-binary @file -v
//   expect100-client http://127.0.0.1:8080/x --data-binary @- --preset office365_client
//
// What it shows: the client machine on Asio. The machine decides whether the head carries
// Expect, how long the body waits (counted from the moment the head is flushed), what releases
// it, what to do when a final response comes first, and whether to repeat the request (417:
// once without Expect; a close before any response: once, when idempotent). This file writes
// the head, pumps the body in 64 KiB pieces, reads responses, and feeds the machine.
//
// --http2: HTTP/2 (RFC 9113) by ALPN over https (HTTP/1.1 when the server picks it), with prior
// knowledge over http. The same machine, one stream per attempt (a 417's retry is a new stream on
// the same connection); its actions become frames through nghttp2::client_stream
// (docs/guide/http2.md): the body held by the data provider, `close` a RST_STREAM(CANCEL) of the
// stream, and an early final decided by the stream's own table (H2-7).
//
// Exit codes: 0; 1 transport failure (connect, TLS, reset, timeout); 2 usage; 22 --fail and an
// HTTP status >= 400.
#include "../common/http.hpp"
#include "../common/net.hpp"
#include "../common/program.hpp"

#include <expect100/beast/machine_timer.hpp>
#include <expect100/beast/response_reader.hpp>
#include <expect100/client.hpp>
#include <expect100/explain.hpp>
#include <expect100/nghttp2/client_stream.hpp>
#include <expect100/nghttp2/session.hpp>
#include <expect100/presets.hpp>
#include <expect100/trace.hpp>

#include <array>
#include <cstdio>
#include <fstream>
#include <functional>
#include <iostream>
#include <iterator>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include <unistd.h>

namespace {

using namespace expect100;
using namespace expect100::examples;

// ---- Choosing the machine -----------------------------------------------------------------------

// One machine type for every preset and every flag: the preset's policy as a value
// (client_policy_of), the flags changing its fields, given to a machine with run-time traits
// (presets::runtime_client, policy.hpp). -H 'Expect: 100-continue' / -H 'Expect:' set
// use_expect; --expect100-timeout sets the wait.
using client_machine =
    basic_client<presets::runtime_client<steady>, recording_trace<steady::time_point, 48>>;
using client_ptr = std::unique_ptr<client_machine>;

struct client_choice {
    std::string preset;
    client_policy policy;
};

// ---- The command line
// -----------------------------------------------------------------------------

struct options {
    url where;
    std::string method;
    std::string body;       // the body itself when it is small or came from stdin
    std::string body_file;  // or a file streamed from disk
    std::uint64_t body_size = 0;
    bool has_body = false;
    std::vector<std::string> headers;
    std::string output;
    bool verbose = false;
    bool trace = false;
    bool fail = false;
    bool progress = false;
    bool ladder = false;
    bool http2 = false;
};

// ---- One exchange, with its retries
// ---------------------------------------------------------------

class exchange : private beast::content_sink {
public:
    exchange(asio::io_context& io, ssl::context* tls, const options& o, client_choice choice)
        : io_(io),
          tls_(tls),
          o_(o),
          choice_(std::move(choice)),
          timer_(io.get_executor()),
          progress_timer_(io) {
        if (!o_.output.empty()) {
            file_out_.open(o_.output, std::ios::binary);
            if (!file_out_) throw std::runtime_error("cannot write " + o_.output);
        }
    }

    int run() {
        start_attempt(request_attempt::first);
        io_.run();
        finish_progress();
        if (o_.trace) print_trace();
        if (!error_.empty()) {
            std::fprintf(stderr, "expect100-client: %s\n", error_.c_str());
            return exit_failure;
        }
        if (o_.fail && status_ >= 400) return exit_http_error;
        return exit_ok;
    }

private:
    void say(const std::string& line) {
        if (!o_.verbose) return;
        char stamp[32];
        std::snprintf(stamp, sizeof stamp, "%+9.1f ms ", ms_between(t0_, steady::now()));
        std::fprintf(stderr, "%s%s\n", stamp, line.c_str());
    }

    // --ladder: one line per message that crossed the wire, the client on the left.
    enum class direction { out, in };
    void rung(direction d, const std::string& what) {
        if (!o_.ladder) return;
        std::printf("  %9.1f ms   client %s %s\n", ms_between(t0_, steady::now()),
                    d == direction::out ? "──▶" : "◀──", what.c_str());
        std::fflush(stdout);
    }

    void start_attempt(request_attempt attempt) {
        t0_ = t0_ == steady::time_point{} ? steady::now() : t0_;
        if (machine_) finished_machines_.push_back(std::move(machine_));
        machine_ = std::make_unique<client_machine>(choice_.policy);  // one per attempt
        sent_ = 0;
        status_ = 0;
        body_done_ = false;
        pumping_ = false;
        stop_pump_ = false;
        head_flushed_ = false;
        response_done_ = false;
        done_ = false;
        body_file_.reset();
        client_request r;
        r.method = to_request_method(o_.method);
        r.framing = o_.has_body ? body_framing::content_length : body_framing::none;
        r.content_length = o_.body_size;
        r.replay = body_replay::replayable;  // a file or a buffer: both can be read again
        r.attempt = attempt;
        request_ = r;
        if (h2()) return begin_request();  // HTTP/2: the next attempt is a new stream
        // A new connection: handlers still queued for the old one see another generation and
        // return (its aborted reads and writes ran before this was posted).
        ++generation_;
        stream_.emplace(io_, tls_);
        out_.queue().clear();
        pending_.clear();
        reader_.expect(to_request_method(o_.method));  // the response to this attempt
        tcp::resolver resolver(io_);
        error_code ec;
        const auto endpoints = resolver.resolve(o_.where.host, o_.where.port, ec);
        if (ec) return fail("cannot resolve " + o_.where.host + ": " + ec.message());
        asio::async_connect(
            stream_->socket(), endpoints,
            [this, g = generation_](const error_code& cec, const tcp::endpoint& ep) {
                if (g != generation_) return;
                if (cec)
                    return fail("cannot connect to " + o_.where.host + ":" + o_.where.port + ": " +
                                cec.message());
                stream_->socket().set_option(tcp::no_delay(true));
                say("* connected to " + ep.address().to_string() + ":" + std::to_string(ep.port()) +
                    (tls_ ? " (TLS)" : ""));
                stream_->async_handshake(
                    ssl::stream_base::client, o_.where.host, [this, g](const error_code& hec) {
                        if (g != generation_) return;
                        if (hec) return fail("TLS handshake: " + hec.message());
                        // --http2: ALPN's choice over TLS, prior knowledge in cleartext.
                        if (o_.http2 && (!tls_ || stream_->alpn_protocol() == "h2")) open_h2();
                        begin_request();
                        read();
                    });
            });
    }

    void begin_request() {
        request_.transport = h2() ? exchange_transport::stream : exchange_transport::connection;
        perform(machine_->start_request(request_, steady::now(), origin_facts{}));
    }

    // ---- The machine's actions ---------------------------------------------------------------
    void perform(const client_step& s) {
        if (!s.ok() && s.origin != error_origin::remote) {
            // The program fed the machine an event its state does not allow: a bug, said loudly
            // rather than left to stall the exchange.
            return fail("the client machine refused an event: " + s.error.message());
        }
        for (const auto& a : s.actions) {
            switch (a.kind()) {  // every client action (client_action), no default
            case client_action::send_head: write_head(false); break;
            case client_action::send_head_with_expect: write_head(true); break;
            case client_action::send_body: {
                const std::string size = std::to_string(o_.body_size) + "-byte body";
                if (machine_->expect_state() == expect_status::timed_out) {
                    rung(direction::out, size + "  (no 100 came: the client's wait ran out)");
                } else if (machine_->expect_state() == expect_status::continued) {
                    rung(direction::out, size + "  (released by the 100)");
                } else {
                    rung(direction::out, size);
                }
                if (machine_->expect_state() == expect_status::timed_out) {
                    say("* body released: no 100 came within the wait (RFC 9110 §10.1.1: the "
                        "client "
                        "may send the body anyway)");
                } else if (machine_->expect_state() == expect_status::continued) {
                    say("* body released: 100 Continue received");
                }
                start_pump();
                break;
            }
            case client_action::skip_body:
                say("* body not sent: the final response came first");
                body_done_ = true;
                if (h2()) h2_stream_->stop_body();
                break;
            case client_action::stop_body:
                say(h2() ? "* body stopped mid-way: the final response came first"
                         : "* body stopped mid-way: the final response came first; the connection "
                           "closes");
                body_done_ = true;
                stop_pump_ = true;
                if (h2()) h2_stream_->stop_body();
                break;
            case client_action::end_chunked_body:
                body_done_ = true;  // this program sends Content-Length bodies only
                break;
            case client_action::retry_without_expect:
                say("* 417: repeating the request without Expect (RFC 9110 §10.1.1, C-5)");
                retry_ = request_attempt::retry_without_expect;
                break;
            case client_action::retry_request:
                say("* the connection closed before any response: repeating the request once");
                retry_ = request_attempt::retry_after_close;
                break;
            case client_action::close:  // HTTP/2: this stream, never the connection (H2-6)
                if (h2())
                    h2_stream_->cancel();
                else
                    close_after_ = true;
                break;
            }
        }
        timer_.arm(machine_->next_deadline(),
                   [this] { perform(machine_->on_timer(steady::now())); });
        if (retry_ != request_attempt::first) {
            const request_attempt a = retry_;
            retry_ = request_attempt::first;
            retrying_ = true;  // nothing more happens on this connection
            timer_.cancel();
            if (!h2()) stream_->close();  // HTTP/2 keeps the connection: a new stream
            asio::post(io_, [this, a] {
                retrying_ = false;
                start_attempt(a);
            });
        }
    }

    void write_head(bool with_expect) {
        with_expect_ = with_expect;
        if (h2()) return h2_submit(with_expect);
        std::string& q = out_.queue();
        q.append(o_.method + " " + o_.where.target + " HTTP/1.1\r\nHost: " + host_field(o_.where));
        q.append("\r\nUser-Agent: expect100-client/0.1\r\nAccept: */*\r\n");
        for (const std::string& h : o_.headers) {
            const auto colon = h.find(':');
            const std::string name = h.substr(0, colon);
            if (::expect100::detail::iequals(name, "expect")) {
                continue;  // the machine decides Expect
            }
            q.append(h + "\r\n");
        }
        if (o_.has_body) q.append("Content-Length: " + std::to_string(o_.body_size) + "\r\n");
        if (with_expect) q.append("Expect: 100-continue\r\n");
        q.append("\r\n");
        if (o_.verbose) {
            std::istringstream lines(q);
            for (std::string line; std::getline(lines, line) && line != "\r";) {
                line.pop_back();
                say("> " + line);
            }
        }
        flush();
    }

    // ---- The body -------------------------------------------------------------------------------
    void start_pump() {
        pumping_ = true;
        stop_pump_ = false;
        if (!o_.body_file.empty() && !body_file_) {
            body_file_.emplace(o_.body_file, std::ios::binary);
            if (!*body_file_) return fail("cannot read " + o_.body_file);
        }
        pump_started_ = steady::now();
        start_progress();
        if (h2()) {
            h2_stream_->release_body();
            return h2_pump();
        }
        pump();
    }

    void pump() {
        while (pumping_ && !stop_pump_ && sent_ < o_.body_size && out_.backlog() < 256 * 1024) {
            const std::size_t n =
                static_cast<std::size_t>(std::min<std::uint64_t>(64 * 1024, o_.body_size - sent_));
            std::string& q = out_.queue();
            if (body_file_) {
                const std::size_t at = q.size();
                q.resize(at + n);
                body_file_->read(&q[at], static_cast<std::streamsize>(n));
                if (static_cast<std::size_t>(body_file_->gcount()) != n) {
                    return fail(o_.body_file + " changed while it was being sent");
                }
            } else {
                q.append(o_.body, sent_, n);
            }
            sent_ += n;
        }
        flush();
    }

    void flush() {
        if (h2()) return h2_flush();
        out_.flush(*stream_, [this, g = generation_](const error_code& ec) {
            if (g != generation_ || retrying_) return;
            if (ec && response_done_) {  // the answer is in; the peer stopped reading our body
                perform(machine_->on_peer_closed(steady::now()));
                return finish();
            }
            if (ec) return on_transport_error("write: " + ec.message());
            if (!head_flushed_) {
                head_flushed_ = true;
                rung(direction::out,
                     o_.method + " " + o_.where.target +
                         (with_expect_ ? "  (Expect: 100-continue; body held)" : ""));
                perform(machine_->on_head_sent(steady::now()));
            }
            if (pumping_ && !stop_pump_ && sent_ == o_.body_size && out_.idle() && !body_done_) {
                body_done_ = true;
                pumping_ = false;
                say("* body sent: " + std::to_string(sent_) + " bytes in " +
                    std::to_string(
                        static_cast<long long>(ms_between(pump_started_, steady::now()))) +
                    " ms");
                perform(machine_->on_body_sent(steady::now()));
                finish_if_over();  // the response may have been read before the body was out
            } else if (pumping_ && !stop_pump_) {
                pump();
            }
        });
    }

    // ---- Responses
    // --------------------------------------------------------------------------------
    void read() {
        if (h2()) return h2_read();
        stream_->async_read_some(
            asio::buffer(in_), [this, g = generation_](const error_code& ec, std::size_t n) {
                if (g != generation_ || retrying_) return;
                if (ec) {
                    // A body delimited by the close ends here (RFC 9112 §6.3 item 8).
                    if (reader_.ends_at_close() &&
                        reader_.put_eof().event == beast::response_event::complete) {
                        return on_response_done();
                    }
                    if (done_) return;
                    if (response_done_) {
                        // The answer is in; the peer closed while our body was still going out
                        // (it did not want the rest): the exchange is over, not failed.
                        perform(machine_->on_peer_closed(steady::now()));
                        return finish();
                    }
                    const client_step s = machine_->on_peer_closed(steady::now());
                    perform(s);
                    if (!retrying_ && !s.actions.contains(client_action::retry_request)) {
                        on_transport_error("the connection closed before the response: " +
                                           ec.message());
                    }
                    return;
                }
                pending_.append(in_.data(), n);
                parse();
                if (!done_ && !retrying_ && g == generation_) read();
            });
    }

    // One response event at a time (beast/response_reader.hpp): each 1xx head, the final head,
    // the end of the final response.
    void parse() {
        while (!done_ && !retrying_ && !response_done_) {
            const beast::response_step s = reader_.put(pending_);
            pending_.erase(0, s.used);
            switch (s.event) {
            case beast::response_event::need_more:
            case beast::response_event::closed:
            case beast::response_event::unsolicited:  // bytes after the answer: not read
                return;
            case beast::response_event::interim_head:
            case beast::response_event::final_head: on_response_head(); break;
            case beast::response_event::complete: on_response_done(); break;
            case beast::response_event::error:
                return on_transport_error("a malformed response: " + s.error.message());
            }
        }
    }

    void on_response_head() {
        const response_facts& f = reader_.facts();
        const beast::head_record& head = reader_.record();
        say("< HTTP/1." + std::string(head.version() == 10 ? "0 " : "1 ") +
            std::to_string(f.status) + " " + std::string(head.reason()));
        rung(direction::in, std::to_string(f.status) + " " + std::string(head.reason()));
        if (f.is_interim()) {
            perform(
                machine_->on_interim_response(static_cast<std::uint16_t>(f.status), steady::now()));
            return;
        }
        for (const auto& field : head.fields()) {
            say("< " + std::string(head.name_of(field)) + ": " + std::string(head.value_of(field)));
        }
        status_ = f.status;
        perform(machine_->on_final_response(f, steady::now()));
    }

    void on_response_done() {
        response_done_ = true;
        perform(machine_->on_response_complete(steady::now()));
        if (!retrying_) write_content({});  // a response that is the answer (not a 417 retried)
        held_.clear();
        finish_if_over();
    }

    // The exchange is over once the final response is read and the machine has nothing more to
    // send: not while a retry is on its way, nor while the body still goes out after an early
    // final response (C-9: it keeps the connection in step; on_body_sent ends it then).
    void finish_if_over() {
        if (retrying_ || done_ || !response_done_) return;
        if (machine_->state() == client_state::finishing_body) return;
        finish();
    }

    // A response's content is held until the response ends (up to a limit), because only then
    // does the machine say whether it is the answer or a 417 to be retried (curl, too, shows
    // only the retry's response).
    void on_content(std::string_view bytes) override {
        constexpr std::size_t hold_limit = 1024 * 1024;
        if (streaming_ || held_.size() + bytes.size() > hold_limit) {
            streaming_ = true;  // too large to be a retried 417's: it is the answer
            return write_content(bytes);
        }
        held_.append(bytes.data(), bytes.size());
    }
    void write_content(std::string_view bytes) {
        if (!held_.empty()) {
            const std::string held = std::move(held_);
            held_.clear();
            write_content(held);
        }
        if (bytes.empty() || (o_.ladder && !file_out_.is_open())) return;
        if (file_out_.is_open())
            file_out_.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
        else
            std::fwrite(bytes.data(), 1, bytes.size(), stdout);
    }

public:
    // ---- HTTP/2: nghttp2's callbacks (nghttp2/session.hpp), for the attempt's stream ---------
    int on_begin_headers(const nghttp2_frame& f) {
        if (on_current_stream(f)) h2_stream_->begin_response_part();
        return 0;
    }
    int on_header(const nghttp2_frame& f, std::string_view name, std::string_view value) {
        if (on_current_stream(f)) h2_stream_->add_field(name, value);
        return 0;
    }
    int on_frame_recv(const nghttp2_frame& f) {
        if (!on_current_stream(f) || done_ || retrying_) return 0;
        if (f.hd.type == NGHTTP2_HEADERS) {
            switch (h2_stream_->on_headers_end(f, to_request_method(o_.method))) {
            case nghttp2::response_part::interim: on_h2_head(); break;
            case nghttp2::response_part::final:
                on_h2_head();
                if (h2_stream_->response_complete() && !response_done_) on_response_done();
                break;
            case nghttp2::response_part::trailers:
                if (!response_done_) on_response_done();
                break;
            case nghttp2::response_part::malformed:
                h2_stream_->cancel(NGHTTP2_PROTOCOL_ERROR);
                on_transport_error("a second final response on the stream");
                break;
            }
        } else if (f.hd.type == NGHTTP2_DATA && (f.hd.flags & NGHTTP2_FLAG_END_STREAM) != 0) {
            h2_stream_->on_data_end();
            if (!response_done_) on_response_done();
        }
        return 0;
    }
    int on_data_chunk(std::int32_t id, std::string_view data) {
        if (!h2_stream_ || id != h2_stream_->id()) {
            (void)nghttp2_session_consume(session_.get(), id, data.size());
            return 0;
        }
        h2_stream_->on_data(data.size());
        on_content(data);
        return 0;
    }
    int on_stream_close(std::int32_t id, std::uint32_t code) {
        if (!h2_stream_ || id != h2_stream_->id() || done_ || retrying_) return 0;
        h2_stream_->on_closed(code);
        if (response_done_) return finish_if_over(), 0;
        const client_step s = machine_->on_peer_closed(steady::now());
        perform(s);
        if (!retrying_ && !s.actions.contains(client_action::retry_request)) {
            on_transport_error(std::string("the stream was reset before the response: ") +
                               nghttp2_http2_strerror(code));
        }
        return 0;
    }
    int on_frame_send(const nghttp2_frame& f) {
        if (!on_current_stream(f) || done_ || retrying_) return 0;
        switch (h2_stream_->on_frame_sent(f)) {
        case nghttp2::request_progress::head_sent:  // H2-9: the wait starts now
            head_flushed_ = true;
            rung(direction::out, o_.method + " " + o_.where.target +
                                     (with_expect_ ? "  (Expect: 100-continue; body held)" : ""));
            perform(machine_->on_head_sent(steady::now()));
            break;
        case nghttp2::request_progress::body_sent:
            body_done_ = true;
            pumping_ = false;
            say("* body sent: " + std::to_string(sent_) + " bytes in " +
                std::to_string(static_cast<long long>(ms_between(pump_started_, steady::now()))) +
                " ms");
            perform(machine_->on_body_sent(steady::now()));
            finish_if_over();
            break;
        case nghttp2::request_progress::none: break;
        }
        return 0;
    }
    int on_frame_not_send(const nghttp2_frame&, int) { return 0; }

private:
    bool h2() const noexcept { return session_ != nullptr; }
    bool on_current_stream(const nghttp2_frame& f) const noexcept {
        return h2_stream_ && f.hd.stream_id == h2_stream_->id();
    }
    void open_h2() {
        session_ = nghttp2::make_session(nghttp2::session_role::client, *this);
        if (!session_) return fail("cannot start an HTTP/2 session");
        say("* HTTP/2" + std::string(tls_ ? " (ALPN h2)" : " (prior knowledge)"));
    }
    // The request head as HEADERS: pseudo-header fields first (RFC 9113 §8.3), the -H fields
    // lowercased, none of the connection-specific ones (§8.2.2), Expect as the machine says.
    void h2_submit(bool with_expect) {
        std::vector<std::pair<std::string, std::string>> fields = {
            {":method", o_.method},
            {":scheme", o_.where.https ? "https" : "http"},
            {":authority", host_field(o_.where)},
            {":path", o_.where.target},
            {"user-agent", "expect100-client/0.1"},
            {"accept", "*/*"}};
        for (const std::string& h : o_.headers) {
            const auto colon = h.find(':');
            std::string name = h.substr(0, colon);
            for (char& c : name)
                c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
            const std::string value = trim(h.substr(colon + 1));
            if (name == "expect" || name == "host" || name == "connection" ||
                name == "transfer-encoding" || name == "keep-alive" || name == "upgrade" ||
                name == "proxy-connection" || name == "content-length")
                continue;
            fields.emplace_back(name, value);
        }
        if (o_.has_body) fields.emplace_back("content-length", std::to_string(o_.body_size));
        if (with_expect) fields.emplace_back("expect", "100-continue");
        for (const auto& [name, value] : fields)
            say("> " + name + ": " + value);
        if (h2_stream_) old_streams_.push_back(std::move(h2_stream_));
        h2_stream_ = std::make_unique<nghttp2::client_stream>(session_.get());
        if (h2_stream_->submit(fields, o_.has_body) < 0) return fail("cannot submit the request");
        h2_flush();
    }
    // The body into DATA frames, a quarter MiB ahead of what nghttp2 has taken.
    void h2_pump() {
        while (pumping_ && !stop_pump_ && sent_ < o_.body_size &&
               h2_stream_->body().queued() < 256 * 1024) {
            const std::size_t n =
                static_cast<std::size_t>(std::min<std::uint64_t>(64 * 1024, o_.body_size - sent_));
            std::string piece;
            if (body_file_) {
                piece.resize(n);
                body_file_->read(piece.data(), static_cast<std::streamsize>(n));
                if (static_cast<std::size_t>(body_file_->gcount()) != n) {
                    return fail(o_.body_file + " changed while it was being sent");
                }
            } else {
                piece.assign(o_.body, sent_, n);
            }
            sent_ += n;
            h2_stream_->append_body(piece);
        }
        if (sent_ == o_.body_size && !h2_stream_->body().complete()) h2_stream_->finish_body();
        h2_flush();
    }
    void h2_flush() {
        if (done_ || !session_) return;
        switch (sio_.take(session_.get(), out_.queue())) {
        case nghttp2::session_io::output::deferred: return;
        case nghttp2::session_io::output::failed:
            return on_transport_error("HTTP/2 session failed");
        case nghttp2::session_io::output::taken: break;
        }
        out_.flush(*stream_, [this](const error_code& ec) {
            if (done_) return;
            if (ec) return on_transport_error("write: " + ec.message());
            if (pumping_ && !stop_pump_ && sent_ < o_.body_size) h2_pump();
        });
    }
    void h2_read() {
        stream_->async_read_some(asio::buffer(in_), [this](const error_code& ec, std::size_t n) {
            if (done_) return;
            if (ec) {
                if (response_done_) return finish();
                return on_transport_error("the connection closed before the response: " +
                                          ec.message());
            }
            const bool ok = sio_.receive(session_.get(), std::string_view(in_.data(), n));
            if (!ok) return on_transport_error("HTTP/2: the server broke the protocol");
            h2_flush();
            if (!done_) h2_read();
        });
    }
    void on_h2_head() {
        const response_facts& f = h2_stream_->facts();
        say("< HTTP/2 " + std::to_string(f.status));
        rung(direction::in,
             std::to_string(f.status) + " " + std::string(reason_phrase(f.status)) + "  (HTTP/2)");
        if (f.is_interim()) {
            perform(machine_->on_interim_response(f.status, steady::now()));
            return;
        }
        for (const auto& [name, value] : h2_stream_->fields()) {
            if (name != ":status") say("< " + name + ": " + value);
        }
        status_ = f.status;
        perform(machine_->on_final_response(f, steady::now()));
    }
    static std::string trim(const std::string& v) {
        const auto b = v.find_first_not_of(" \t");
        const auto e = v.find_last_not_of(" \t");
        return b == std::string::npos ? std::string() : v.substr(b, e - b + 1);
    }

    void finish() {
        done_ = true;
        timer_.cancel();
        progress_timer_.cancel();
        if (stream_) stream_->close();
        std::fflush(stdout);
    }

    void on_transport_error(const std::string& what) {
        if (done_) return;
        fail(what);
    }
    void fail(const std::string& what) {
        error_ = what;
        finish();
        io_.stop();
    }

    // ---- Progress (a terminal only, uploads longer than a moment)
    // --------------------------------
    void start_progress() {
        if (!o_.progress) return;
        progress_timer_.expires_after(std::chrono::milliseconds(300));
        progress_timer_.async_wait([this](const error_code& ec) {
            if (ec || done_ || !pumping_) return;
            drawn_ = true;
            const double pct = o_.body_size == 0 ? 100.0
                                                 : 100.0 * static_cast<double>(sent_) /
                                                       static_cast<double>(o_.body_size);
            const int bars = static_cast<int>(pct / 4);
            const double secs = ms_between(pump_started_, steady::now()) / 1000.0;
            std::fprintf(stderr, "\r[%-25s] %5.1f%%  %.1f MB/s ",
                         std::string(static_cast<std::size_t>(bars), '#').c_str(), pct,
                         static_cast<double>(sent_) / 1e6 / (secs > 0 ? secs : 1));
            start_progress();
        });
    }
    void finish_progress() {
        if (drawn_) std::fprintf(stderr, "\r%60s\r", "");
    }

    void print_trace() {
        for (const client_ptr& m : finished_machines_)
            print_trace(*m);
        if (machine_) print_trace(*machine_);
    }
    void print_trace(const client_machine& machine) {
        const auto* t = &machine.trace();
        std::fprintf(stderr, "client machine (preset %s):\n", choice_.preset.c_str());
        for (std::size_t i = 0; i < t->size(); ++i) {
            const auto& e = (*t)[i];
            std::fprintf(stderr, "  %+9.1f ms  %-18s --%s(%llu)--> %s\n", ms_between(t0_, e.at),
                         std::string(to_string(static_cast<client_state>(e.from))).c_str(),
                         std::string(to_string(static_cast<client_event>(e.event))).c_str(),
                         static_cast<unsigned long long>(e.value),
                         std::string(to_string(static_cast<client_state>(e.to))).c_str());
        }
        std::fprintf(stderr, "  why: %s\n", std::string(explain_client(*t).view()).c_str());
    }

    asio::io_context& io_;
    ssl::context* tls_;
    const options& o_;
    client_choice choice_;
    client_ptr machine_;
    std::vector<client_ptr> finished_machines_;  // earlier attempts, for --trace
    beast::machine_timer timer_;
    asio::steady_timer progress_timer_;
    std::optional<stream> stream_;
    gather_writer out_;
    std::optional<std::ifstream> body_file_;
    std::ofstream file_out_;
    client_request request_;
    beast::response_reader reader_{this};  // content goes to on_content
    std::array<char, 64 * 1024> in_{};
    std::string pending_;
    std::string held_;  // the current response's content, until it ends
    std::string error_;
    steady::time_point t0_{};
    steady::time_point pump_started_{};
    std::uint64_t sent_ = 0;
    unsigned status_ = 0;
    request_attempt retry_ = request_attempt::first;
    bool head_flushed_ = false;
    bool with_expect_ = false;
    bool pumping_ = false;
    bool stop_pump_ = false;
    bool body_done_ = false;
    bool close_after_ = false;
    bool done_ = false;
    bool response_done_ = false;  // this attempt's final response is read to its end
    bool streaming_ = false;      // the response's content goes out as it comes
    bool retrying_ = false;       // a retry is posted: this connection is finished with
    unsigned generation_ = 0;     // one per connection (attempt)
    bool drawn_ = false;
    // --http2: the session over stream_, the attempt's stream, earlier attempts' streams (their
    // body providers live as long as the session may call them).
    nghttp2::session_handle session_;
    std::unique_ptr<nghttp2::client_stream> h2_stream_;
    std::vector<std::unique_ptr<nghttp2::client_stream>> old_streams_;
    nghttp2::session_io sio_;  // never mem_send inside nghttp2's own calls
};

}  // namespace

int main(int argc, char** argv) {
    return run_program("expect100-client", [&]() -> int {
        po::options_description desc("options");
        desc.add_options()("help,h", "print this help")("url", po::value<std::string>()->required(),
                                                        "http:// or https:// URL")(
            "request,X", po::value<std::string>(),
            "method (default: POST with a body, GET without)")(
            "data-binary,d", po::value<std::string>(),
            "the body: @FILE, @- for stdin, or the text itself")(
            "header,H", po::value<std::vector<std::string>>()->composing(),
            "'Name: value', repeatable; 'Expect: 100-continue' forces Expect, 'Expect:' forbids "
            "it")("expect100-timeout", po::value<std::string>(),
                  "how long the body waits for a 100: MS, or 'adaptive' (a multiple of the "
                  "measured round trip)")(
            "preset", po::value<std::string>()->default_value("rfc9110_client"),
            ("client preset: " + preset_names<presets::client_presets<>>()).c_str())(
            "output,o", po::value<std::string>(), "write the response body to FILE")(
            "cacert", po::value<std::string>()->default_value(""),
            "CA file (default: the system's store)")(
            "insecure,k", "do not verify the server's certificate")("fail,f",
                                                                    "exit 22 on HTTP >= 400")(
            "verbose,v", "show the head, each 1xx, and when and why the body was released")(
            "trace", "print the client machine's timeline and the one-sentence explanation")(
            "ladder",
            "print a ladder of what crossed the wire (stdout; the body goes to -o or nowhere)")(
            "http2",
            "HTTP/2: ALPN h2 over https (HTTP/1.1 if the server picks it), prior "
            "knowledge over http");
        po::positional_options_description positional;
        positional.add("url", 1);
        po::variables_map vm;
        if (!parse_command_line(
                argc, argv, desc, positional, vm,
                "expect100-client URL [-X METHOD] [--data-binary @FILE|@-] [-H 'N: v']... "
                "[--expect100-timeout MS|adaptive] [--preset NAME] [--http2] [-v] [--trace] "
                "[-o FILE]")) {
            return exit_ok;
        }
        options o;
        o.where = parse_url(vm["url"].as<std::string>());
        o.verbose = vm.count("verbose") != 0;
        o.trace = vm.count("trace") != 0;
        o.fail = vm.count("fail") != 0;
        o.ladder = vm.count("ladder") != 0;
        o.http2 = vm.count("http2") != 0;
        if (vm.count("output") != 0) o.output = vm["output"].as<std::string>();
        if (vm.count("header") != 0) o.headers = vm["header"].as<std::vector<std::string>>();
        // -H 'Expect: 100-continue' asks for Expect on every request with content; -H 'Expect:'
        // for none (curl's spelling); either way the preset's use_expect gives way.
        std::optional<expect_use> expect_flag;
        for (const std::string& h : o.headers) {
            const auto colon = h.find(':');
            if (colon == std::string::npos)
                throw usage_error("-H '" + h + "' is not 'Name: value'");
            if (::expect100::detail::iequals(h.substr(0, colon), "expect")) {
                const std::string value = h.substr(colon + 1);
                expect_flag = value.find_first_not_of(" \t") == std::string::npos
                                  ? expect_use::never
                                  : expect_use::always;
            }
        }
        if (vm.count("data-binary") != 0) {
            const std::string d = vm["data-binary"].as<std::string>();
            o.has_body = true;
            if (d == "@-") {
                o.body.assign(std::istreambuf_iterator<char>(std::cin),
                              std::istreambuf_iterator<char>());
                o.body_size = o.body.size();
            } else if (!d.empty() && d[0] == '@') {
                o.body_file = d.substr(1);
                std::ifstream f(o.body_file, std::ios::binary | std::ios::ate);
                if (!f) throw usage_error("cannot read " + o.body_file);
                o.body_size = static_cast<std::uint64_t>(f.tellg());
            } else {
                o.body = d;
                o.body_size = d.size();
            }
        }
        o.method = vm.count("request") != 0 ? vm["request"].as<std::string>()
                                            : (o.has_body ? "POST" : "GET");
        o.progress = isatty(STDERR_FILENO) != 0 && !o.verbose && o.has_body;

        client_choice choice;
        choice.preset = vm["preset"].as<std::string>();
        const auto preset_policy =
            presets::policy_named<presets::client_presets<>, client_policy>(choice.preset);
        if (!preset_policy) {
            throw usage_error("unknown --preset '" + choice.preset +
                              "'; the presets are: " + preset_names<presets::client_presets<>>());
        }
        choice.policy = *preset_policy;
        if (expect_flag) choice.policy.use_expect = *expect_flag;
        if (vm.count("expect100-timeout") != 0) {
            const std::string t = vm["expect100-timeout"].as<std::string>();
            if (t == "adaptive") {
                choice.policy.wait = wait_policy_of<adaptive_wait<>>();
            } else {
                if (t.empty() || t.size() > 7 ||
                    t.find_first_not_of("0123456789") != std::string::npos) {
                    throw usage_error("--expect100-timeout: '" + t +
                                      "' is neither milliseconds nor 'adaptive'");
                }
                choice.policy.wait =
                    wait_policy{wait_kind::fixed, std::chrono::milliseconds(std::stol(t))};
            }
        }
        std::optional<ssl::context> tls;
        if (o.where.https) {
            tls.emplace(client_tls(vm["cacert"].as<std::string>(),
                                   vm.count("insecure") != 0 ? peer_verification::insecure
                                                             : peer_verification::verify));
            offer_alpn(*tls, o.http2 ? alpn_offer::h2_and_http1 : alpn_offer::http1_only);
        }
        asio::io_context io(1);
        exchange x(io, tls ? &*tls : nullptr, o, std::move(choice));
        return x.run();
    });
}

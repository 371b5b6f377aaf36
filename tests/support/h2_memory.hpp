// Copyright (c) 2026 The expect100 authors. Distributed under the Boost Software License 1.0.
//
// An HTTP/2 client and an HTTP/2 origin, each a role machine behind the nghttp2 adapter, wired
// back to back in memory (nghttp2_session_mem_send into the other's mem_recv) in virtual time:
// no socket, no thread, no clock but the one the test moves. Every frame either side writes is
// logged, so a test can say what crossed the wire and in which order. The fuzz target for the
// adapter drives h2_origin alone.
#ifndef EXPECT100_TESTS_SUPPORT_H2_MEMORY_HPP
#define EXPECT100_TESTS_SUPPORT_H2_MEMORY_HPP

#include "machine.hpp"

#include <expect100/client.hpp>
#include <expect100/nghttp2/client_stream.hpp>
#include <expect100/nghttp2/server_stream.hpp>
#include <expect100/nghttp2/session.hpp>
#include <expect100/presets.hpp>
#include <expect100/server.hpp>

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include <nghttp2/nghttp2.h>

namespace expect100::test {

using h2_time = virtual_clock::time_point;

// One frame as a side wrote it: "HEADERS(100)", "HEADERS(413,ES)", "DATA(16384)",
// "DATA(0,ES)", "RST_STREAM(NO_ERROR)", "WINDOW_UPDATE(32768)" (stream frames only).
inline std::string describe_frame(const nghttp2_frame& f, std::string_view status = {}) {
    const bool es = (f.hd.flags & NGHTTP2_FLAG_END_STREAM) != 0;
    switch (f.hd.type) {
    case NGHTTP2_HEADERS:
        return "HEADERS(" + std::string(status.empty() ? "req" : status) + (es ? ",ES)" : ")");
    case NGHTTP2_DATA: return "DATA(" + std::to_string(f.hd.length) + (es ? ",ES)" : ")");
    case NGHTTP2_RST_STREAM:
        return std::string("RST_STREAM(") + nghttp2_http2_strerror(f.rst_stream.error_code) + ")";
    case NGHTTP2_WINDOW_UPDATE:
        return "WINDOW_UPDATE(" + std::to_string(f.window_update.window_size_increment) + ")";
    default: return "";
    }
}

// What the origin's application does with a request head.
struct origin_script {
    enum class decision : std::uint8_t {
        accept,  // read the body (the 100 goes out), answer 200 "stored" once it is in
        reject,  // answer `status` on the head, before any body (413, 401, ...)
        wait,    // decide nothing until the test calls decide()
    };
    decision on_head = decision::accept;
    std::uint16_t status = 413;
    nghttp2::early_reset reset = nghttp2::early_reset::at_once;
    // with_content: a refusal carries a body, "refused STATUS", whose second half comes at the
    // next tick() (a relay's origin body arriving after its head): the head is held meanwhile.
    nghttp2::final_head head = nghttp2::final_head::at_once;
};

// The origin: a basic_server per stream, its actions performed by nghttp2::server_stream.
template <class Preset = presets::rfc9110_server<virtual_clock>>
class h2_origin {
public:
    using machine = basic_server<Preset>;
    struct exchange {
        exchange(nghttp2_session* s, std::int32_t id, const origin_script& script)
            : stream(s, id, script.reset, script.head) {}
        nghttp2::server_stream stream;
        machine server;
        std::string body;
        std::string refusal_tail;  // the refusal body's half still to come (final_head)
        std::vector<std::string> frames_sent;
    };

    explicit h2_origin(origin_script script = {}, nghttp2::session_settings settings = {})
        : script_(script), settings_(settings) {
        session_ = nghttp2::make_session(nghttp2::session_role::server, *this, settings);
    }

    nghttp2_session* session() const noexcept { return session_.get(); }
    void set_time(h2_time t) noexcept { now_ = t; }
    exchange* find(std::int32_t id) {
        auto it = exchanges_.find(id);
        return it == exchanges_.end() ? nullptr : it->second.get();
    }
    std::vector<std::string> log;  // every stream frame written, in order
    std::vector<std::pair<std::int32_t, std::string>> frames;  // ... with its stream
    int requests = 0;
    bool overflowed = false;      // an action list overflowed (a machine's table bug)
    bool internal_fault = false;  // a step reported error_origin::internal
    template <class F>
    void for_each_exchange(F f) {
        for (auto& [id, x] : exchanges_)
            f(*x);
    }

    // The application decides now on a stream it left waiting (origin_script::wait).
    void decide(std::int32_t id, origin_script::decision d, std::uint16_t status = 413) {
        if (exchange* x = find(id)) apply(*x, d, status);
    }
    void tick() {
        for (auto& [id, x] : exchanges_) {
            if (!x->refusal_tail.empty()) {
                x->stream.append_body(std::exchange(x->refusal_tail, {}));
                x->stream.finish_body();
            }
            perform(*x, x->server.on_timer(now_));
        }
    }

    // ---- nghttp2 callbacks (session.hpp) ---------------------------------------------------
    int on_begin_headers(const nghttp2_frame& f) {
        if (f.hd.type == NGHTTP2_HEADERS && f.headers.cat == NGHTTP2_HCAT_REQUEST) {
            exchanges_[f.hd.stream_id] =
                std::make_unique<exchange>(session_.get(), f.hd.stream_id, script_);
        }
        return 0;
    }
    int on_header(const nghttp2_frame& f, std::string_view name, std::string_view value) {
        if (exchange* x = find(f.hd.stream_id); x && f.headers.cat == NGHTTP2_HCAT_REQUEST)
            x->stream.add_field(name, value);
        return 0;
    }
    int on_frame_recv(const nghttp2_frame& f) {
        exchange* x = find(f.hd.stream_id);
        if (x == nullptr) return 0;
        if (f.hd.type == NGHTTP2_HEADERS && f.headers.cat == NGHTTP2_HCAT_REQUEST) {
            ++requests;
            const request_facts facts = x->stream.on_headers_end(f);
            perform(*x, x->server.on_request_head(facts, now_));
            const server_state st = x->server.state();
            if (st == server_state::deciding || st == server_state::received) {
                apply(*x, script_.on_head, script_.status);
            }
        }
        if (ends_request(f) && (x->server.state() == server_state::receiving ||
                                x->server.state() == server_state::deciding ||
                                x->server.state() == server_state::responding_early ||
                                x->server.state() == server_state::discarding)) {
            perform(*x, x->server.on_body_end(now_));
            if (x->server.state() == server_state::received) answer(*x, 200);
        }
        return 0;
    }
    int on_data_chunk(std::int32_t id, std::string_view data) {
        exchange* x = find(id);
        if (x == nullptr) return 0;
        x->body.append(data);
        perform(*x, x->server.on_body_bytes(x->stream.on_data(data.size()), now_));
        return 0;
    }
    int on_stream_close(std::int32_t id, std::uint32_t) {
        if (exchange* x = find(id); x && x->server.state() != server_state::idle &&
                                    x->server.state() != server_state::closed) {
            (void)x->server.on_peer_closed(now_);  // H2-12: this exchange only
        }
        return 0;
    }
    int on_frame_send(const nghttp2_frame& f) {
        exchange* x = find(f.hd.stream_id);
        std::string status;
        if (x != nullptr && f.hd.type == NGHTTP2_HEADERS) status = last_status(f);
        const std::string d = describe_frame(f, status);
        if (!d.empty() && f.hd.stream_id != 0) {
            log.push_back(d);
            frames.emplace_back(f.hd.stream_id, d);
        }
        if (x == nullptr) return 0;
        if (x->stream.on_frame_sent(f) == nghttp2::response_progress::final_complete) {
            perform(*x, x->server.on_response_complete(now_));
        }
        return 0;
    }
    int on_frame_not_send(const nghttp2_frame&, int) { return 0; }

private:
    static bool ends_request(const nghttp2_frame& f) {
        return (f.hd.type == NGHTTP2_DATA || f.hd.type == NGHTTP2_HEADERS) &&
               (f.hd.flags & NGHTTP2_FLAG_END_STREAM) != 0;
    }
    static std::string last_status(const nghttp2_frame& f) {
        for (std::size_t i = 0; i < f.headers.nvlen; ++i) {
            const nghttp2_nv& nv = f.headers.nva[i];
            if (std::string_view(reinterpret_cast<const char*>(nv.name), nv.namelen) == ":status")
                return std::string(reinterpret_cast<const char*>(nv.value), nv.valuelen);
        }
        return {};
    }

    void apply(exchange& x, origin_script::decision d, std::uint16_t status) {
        switch (d) {
        case origin_script::decision::accept:
            if (x.server.state() == server_state::deciding) perform(x, x.server.accept(now_));
            if (x.server.state() == server_state::received) answer(x, 200);
            break;
        case origin_script::decision::reject: answer(x, status); break;
        case origin_script::decision::wait: break;
        }
    }
    void answer(exchange& x, std::uint16_t status) {
        const step_type s = x.server.on_final_response(status, now_);
        const bool refusal_body =
            status >= 300 && script_.head == nghttp2::final_head::with_content;
        const std::string text = status == 200  ? "stored " + std::to_string(x.body.size())
                                 : refusal_body ? "refused " + std::to_string(status)
                                                : "";
        const std::string length = std::to_string(text.size());
        const std::vector<std::pair<std::string, std::string>> fields = {
            {"content-length", length}};
        x.stream.send_final(status, fields,
                            text.empty() ? nghttp2::server_stream::content::none
                                         : nghttp2::server_stream::content::with_body);
        if (refusal_body) {
            x.stream.append_body(text.substr(0, text.size() / 2));
            x.refusal_tail = text.substr(text.size() / 2);
        } else if (!text.empty()) {
            x.stream.append_body(text);
            x.stream.finish_body();
        }
        perform(x, s);
    }

    using step_type = typename machine::step;
    // The server's actions on a stream: server_stream::perform, then the credit (H2-8).
    void perform(exchange& x, const step_type& s) {
        overflowed = overflowed || s.actions.overflowed();
        internal_fault = internal_fault || s.origin == error_origin::internal;
        for (const auto& a : s.actions)
            x.stream.perform(a);
        x.stream.grant(x.server.body_credit());
    }

    origin_script script_;
    nghttp2::session_settings settings_;
    nghttp2::session_handle session_;
    std::map<std::int32_t, std::unique_ptr<exchange>> exchanges_;
    h2_time now_{};
};

// The client: one basic_client per request, over nghttp2::client_stream, transport stream.
template <class Preset = presets::rfc9110_client<virtual_clock>>
class h2_client {
public:
    using machine = basic_client<Preset>;
    struct request {
        explicit request(nghttp2_session* s) : stream(s) {}
        nghttp2::client_stream stream;
        machine client;
        std::string body;  // what it sends when released
        std::vector<std::uint16_t> interims;
        std::uint16_t status = 0;
        std::string response;
        bool response_complete = false;
        bool retried = false;
    };

    explicit h2_client(nghttp2::session_settings settings = {}) {
        session_ = nghttp2::make_session(nghttp2::session_role::client, *this, settings);
    }
    nghttp2_session* session() const noexcept { return session_.get(); }
    void set_time(h2_time t) noexcept { now_ = t; }
    std::vector<std::string> log;  // every stream frame written, in order

    // Starts a PUT of `body_size` bytes ("x" repeated): the machine decides Expect.
    request& put(std::uint64_t body_size, request_attempt attempt = request_attempt::first) {
        auto r = std::make_unique<request>(session_.get());
        request& req = *r;
        req.body.assign(body_size, 'x');
        client_request cr;
        cr.method = request_method::put;
        cr.content_length = body_size;
        cr.attempt = attempt;
        cr.transport = exchange_transport::stream;
        const client_step s = req.client.start_request(cr, now_);
        const std::string length = std::to_string(body_size);
        std::vector<std::pair<std::string, std::string>> fields = {{":method", "PUT"},
                                                                   {":scheme", "http"},
                                                                   {":authority", "origin"},
                                                                   {":path", "/upload"},
                                                                   {"content-length", length}};
        if (s.actions.contains(client_action::send_head_with_expect))
            fields.emplace_back("expect", "100-continue");
        const std::int32_t id = req.stream.submit(fields, body_size != 0);
        requests_[id] = std::move(r);
        return req;
    }
    request* find(std::int32_t id) {
        auto it = requests_.find(id);
        return it == requests_.end() ? nullptr : it->second.get();
    }
    request* latest() { return requests_.empty() ? nullptr : requests_.rbegin()->second.get(); }
    void tick() {
        for (auto& [id, r] : requests_)
            perform(*r, r->client.on_timer(now_));
    }

    // ---- nghttp2 callbacks -----------------------------------------------------------------
    int on_begin_headers(const nghttp2_frame& f) {
        if (request* r = find(f.hd.stream_id)) r->stream.begin_response_part();
        return 0;
    }
    int on_header(const nghttp2_frame& f, std::string_view name, std::string_view value) {
        if (request* r = find(f.hd.stream_id)) r->stream.add_field(name, value);
        return 0;
    }
    int on_frame_recv(const nghttp2_frame& f) {
        request* r = find(f.hd.stream_id);
        if (r == nullptr) return 0;
        if (f.hd.type == NGHTTP2_HEADERS) {
            switch (r->stream.on_headers_end(f, request_method::put)) {
            case nghttp2::response_part::interim:
                r->interims.push_back(r->stream.facts().status);
                perform(*r, r->client.on_interim_response(r->stream.facts().status, now_));
                break;
            case nghttp2::response_part::final:
                r->status = r->stream.facts().status;
                perform(*r, r->client.on_final_response(r->stream.facts(), now_));
                if (r->stream.response_complete()) complete(*r);
                break;
            case nghttp2::response_part::trailers: complete(*r); break;
            case nghttp2::response_part::malformed: r->stream.cancel(NGHTTP2_PROTOCOL_ERROR); break;
            }
        } else if (f.hd.type == NGHTTP2_DATA && (f.hd.flags & NGHTTP2_FLAG_END_STREAM) != 0) {
            r->stream.on_data_end();
            complete(*r);
        }
        return 0;
    }
    int on_data_chunk(std::int32_t id, std::string_view data) {
        if (request* r = find(id)) {
            r->response.append(data);
            r->stream.on_data(data.size());
        }
        return 0;
    }
    int on_stream_close(std::int32_t id, std::uint32_t code) {
        request* r = find(id);
        if (r == nullptr) return 0;
        r->stream.on_closed(code);
        const client_state st = r->client.state();
        if (st != client_state::idle && st != client_state::closed)
            perform(*r, r->client.on_peer_closed(now_));
        return 0;
    }
    int on_frame_send(const nghttp2_frame& f) {
        const std::string d = describe_frame(f);
        if (!d.empty() && f.hd.stream_id != 0) log.push_back(d);
        request* r = find(f.hd.stream_id);
        if (r == nullptr) return 0;
        switch (r->stream.on_frame_sent(f)) {
        case nghttp2::request_progress::head_sent:
            perform(*r, r->client.on_head_sent(now_));  // H2-9: the wait starts here
            break;
        case nghttp2::request_progress::body_sent: perform(*r, r->client.on_body_sent(now_)); break;
        case nghttp2::request_progress::none: break;
        }
        return 0;
    }
    int on_frame_not_send(const nghttp2_frame&, int) { return 0; }

    int retries = 0;

private:
    void complete(request& r) {
        if (r.response_complete) return;
        r.response_complete = true;
        const client_state st = r.client.state();
        if (st == client_state::reading_response || st == client_state::finishing_body)
            perform(r, r.client.on_response_complete(now_));
    }
    // The client's actions on a stream (client_stream.hpp's table).
    void perform(request& r, const client_step& s) {
        for (const auto& a : s.actions) {
            switch (a.kind()) {
            case client_action::send_head:
            case client_action::send_head_with_expect: break;  // submitted by put()
            case client_action::send_body:
                if (r.stream.body().sent() == 0 && !r.stream.body().complete()) {
                    r.stream.append_body(r.body);
                    r.stream.finish_body();
                }
                r.stream.release_body();
                break;
            case client_action::skip_body:
            case client_action::stop_body:
            case client_action::end_chunked_body: r.stream.stop_body(); break;
            case client_action::close: r.stream.cancel(); break;
            case client_action::retry_without_expect:
            case client_action::retry_request:
                ++retries;
                r.retried = true;
                break;
            }
        }
    }

    nghttp2::session_handle session_;
    std::map<std::int32_t, std::unique_ptr<request>> requests_;
    h2_time now_{};
};

// Moves bytes both ways until neither side has anything to write. @return false when a side
// reported a connection error.
// `client_wire`: the client's bytes are also appended there (the fuzz seeds are made so).
template <class Client, class Origin>
bool exchange_frames(Client& c, Origin& o, std::string* client_wire = nullptr) {
    for (int round = 0; round < 10000; ++round) {
        std::string a;
        std::string b;
        if (!nghttp2::pending_output(c.session(), a)) return false;
        if (!nghttp2::pending_output(o.session(), b)) return false;
        if (a.empty() && b.empty()) return true;
        if (client_wire != nullptr) client_wire->append(a);
        if (!a.empty() && !nghttp2::receive(o.session(), a)) return false;
        if (!b.empty() && !nghttp2::receive(c.session(), b)) return false;
    }
    return false;
}

}  // namespace expect100::test

#endif  // EXPECT100_TESTS_SUPPORT_H2_MEMORY_HPP

// Copyright (c) 2026 The expect100 authors. Distributed under the Boost Software License 1.0.
//
// The nghttp2 adapter's plumbing: an owning session handle, the options every expect100 session
// needs, and the binding of nghttp2's C callbacks to the member functions of one handler object.
// The headers under nghttp2/ are the only ones of expect100 that include <nghttp2/nghttp2.h>
// (libnghttp2 1.52 as Debian 12 ships it: the API before the `...2` names of 1.60).
//
// Theory of operation
// -------------------
// A connection's owner (a proxy's client connection, an origin's, a client's) is the Handler.
// It owns one session_handle made by make_session<Handler>(role, *this, settings), feeds bytes
// in with receive() and takes bytes out with pending_output() (nghttp2's mem_recv/mem_send: no
// socket here, so the same code runs over Asio, in memory in the tests, or under a fuzzer).
// nghttp2 then calls the Handler's members, each returning 0 or an nghttp2 error:
//   on_begin_headers(const nghttp2_frame&)
//   on_header(const nghttp2_frame&, std::string_view name, std::string_view value)
//   on_frame_recv(const nghttp2_frame&)
//   on_data_chunk(std::int32_t stream_id, std::string_view data)
//   on_stream_close(std::int32_t stream_id, std::uint32_t error_code)
//   on_frame_send(const nghttp2_frame&)
//   on_frame_not_send(const nghttp2_frame&, int library_error)
// Streams (server_stream.hpp, client_stream.hpp) map a machine's actions onto submit_* calls;
// the Handler routes these callbacks to them by stream id.
//
// Every session turns off nghttp2's automatic WINDOW_UPDATE: the stream window is handed back
// only as far as the machine admits the body (H2-8, stream_window in http2.hpp). The connection
// window is handed back at once, so one held stream never starves the others.
#ifndef EXPECT100_NGHTTP2_SESSION_HPP
#define EXPECT100_NGHTTP2_SESSION_HPP

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include <nghttp2/nghttp2.h>

namespace expect100::nghttp2 {

enum class session_role : std::uint8_t { client, server };

// What a session announces in its SETTINGS frame.
struct session_settings {
    // Each stream's initial receive window: the most body a peer can send before it is granted
    // more (H2-8). The protocol's own default (RFC 9113 §6.9.2), about nginx's preread.
    std::uint32_t initial_window = 65535;
    // The connection's receive window (every stream together).
    std::uint32_t connection_window = 16 * 1024 * 1024;
    std::uint32_t max_concurrent_streams = 128;
};

struct session_deleter {
    void operator()(nghttp2_session* s) const noexcept { nghttp2_session_del(s); }
};
using session_handle = std::unique_ptr<nghttp2_session, session_deleter>;

namespace detail {

inline std::string_view view(const std::uint8_t* p, std::size_t n) noexcept {
    return {reinterpret_cast<const char*>(p), n};
}

template <class Handler>
Handler& handler_of(void* user_data) noexcept {
    return *static_cast<Handler*>(user_data);
}

template <class Handler>
struct callbacks {
    static int begin_headers(nghttp2_session*, const nghttp2_frame* f, void* u) {
        return handler_of<Handler>(u).on_begin_headers(*f);
    }
    static int header(nghttp2_session*, const nghttp2_frame* f, const std::uint8_t* name,
                      std::size_t name_len, const std::uint8_t* value, std::size_t value_len,
                      std::uint8_t, void* u) {
        return handler_of<Handler>(u).on_header(*f, view(name, name_len), view(value, value_len));
    }
    static int frame_recv(nghttp2_session*, const nghttp2_frame* f, void* u) {
        return handler_of<Handler>(u).on_frame_recv(*f);
    }
    static int data_chunk(nghttp2_session*, std::uint8_t, std::int32_t stream_id,
                          const std::uint8_t* data, std::size_t len, void* u) {
        return handler_of<Handler>(u).on_data_chunk(stream_id, view(data, len));
    }
    static int stream_close(nghttp2_session*, std::int32_t stream_id, std::uint32_t code, void* u) {
        return handler_of<Handler>(u).on_stream_close(stream_id, code);
    }
    static int frame_send(nghttp2_session*, const nghttp2_frame* f, void* u) {
        return handler_of<Handler>(u).on_frame_send(*f);
    }
    static int frame_not_send(nghttp2_session*, const nghttp2_frame* f, int error, void* u) {
        return handler_of<Handler>(u).on_frame_not_send(*f, error);
    }
};

struct callbacks_deleter {
    void operator()(nghttp2_session_callbacks* c) const noexcept {
        nghttp2_session_callbacks_del(c);
    }
};
struct option_deleter {
    void operator()(nghttp2_option* o) const noexcept { nghttp2_option_del(o); }
};

}  // namespace detail

// A session whose callbacks call `handler` (which must outlive it), with its SETTINGS queued.
// Null when nghttp2 cannot allocate.
template <class Handler>
session_handle make_session(session_role role, Handler& handler,
                            const session_settings& settings = {}) {
    nghttp2_session_callbacks* raw_callbacks = nullptr;
    if (nghttp2_session_callbacks_new(&raw_callbacks) != 0) return nullptr;
    const std::unique_ptr<nghttp2_session_callbacks, detail::callbacks_deleter> cbs(raw_callbacks);
    using C = detail::callbacks<Handler>;
    nghttp2_session_callbacks_set_on_begin_headers_callback(cbs.get(), &C::begin_headers);
    nghttp2_session_callbacks_set_on_header_callback(cbs.get(), &C::header);
    nghttp2_session_callbacks_set_on_frame_recv_callback(cbs.get(), &C::frame_recv);
    nghttp2_session_callbacks_set_on_data_chunk_recv_callback(cbs.get(), &C::data_chunk);
    nghttp2_session_callbacks_set_on_stream_close_callback(cbs.get(), &C::stream_close);
    nghttp2_session_callbacks_set_on_frame_send_callback(cbs.get(), &C::frame_send);
    nghttp2_session_callbacks_set_on_frame_not_send_callback(cbs.get(), &C::frame_not_send);

    nghttp2_option* raw_option = nullptr;
    if (nghttp2_option_new(&raw_option) != 0) return nullptr;
    const std::unique_ptr<nghttp2_option, detail::option_deleter> option(raw_option);
    nghttp2_option_set_no_auto_window_update(option.get(), 1);  // H2-8: the machine decides

    nghttp2_session* raw = nullptr;
    const int rv = role == session_role::server
                       ? nghttp2_session_server_new2(&raw, cbs.get(), &handler, option.get())
                       : nghttp2_session_client_new2(&raw, cbs.get(), &handler, option.get());
    if (rv != 0) return nullptr;
    session_handle session(raw);
    const nghttp2_settings_entry entries[] = {
        {NGHTTP2_SETTINGS_MAX_CONCURRENT_STREAMS, settings.max_concurrent_streams},
        {NGHTTP2_SETTINGS_INITIAL_WINDOW_SIZE, settings.initial_window},
    };
    if (nghttp2_submit_settings(session.get(), NGHTTP2_FLAG_NONE, entries, 2) != 0) return nullptr;
    if (settings.connection_window > NGHTTP2_INITIAL_CONNECTION_WINDOW_SIZE &&
        nghttp2_session_set_local_window_size(
            session.get(), NGHTTP2_FLAG_NONE, 0,
            static_cast<std::int32_t>(settings.connection_window)) != 0) {
        return nullptr;
    }
    return session;
}

// Feeds received bytes to the session. @return false: the connection is broken (a connection
// error was found, or the peer's preface is wrong); send what pending_output() still has, then
// close.
inline bool receive(nghttp2_session* s, std::string_view bytes) {
    const auto n = nghttp2_session_mem_recv(s, reinterpret_cast<const std::uint8_t*>(bytes.data()),
                                            bytes.size());
    return n >= 0 && static_cast<std::size_t>(n) == bytes.size();
}

// Appends what the session has to send to `out` (frames, in order). @return false on a fatal
// session error. Never from inside a callback: nghttp2 calls on_frame_send while it writes, and
// a nested call would put a later frame before the one being written (note that more is due,
// and call again once the outer call returned).
inline bool pending_output(nghttp2_session* s, std::string& out) {
    for (;;) {
        const std::uint8_t* data = nullptr;
        const auto n = nghttp2_session_mem_send(s, &data);
        if (n < 0) return false;
        if (n == 0) return true;
        out.append(reinterpret_cast<const char*>(data), static_cast<std::size_t>(n));
    }
}

// mem_recv and mem_send for one connection, never one inside the other: nghttp2 calls back
// while it reads and while it writes (on_frame_send, when a frame is written), and a machine's
// step there may want to send; a nested mem_send would write a later frame (a reset) before
// the one being written. take() from inside notes that more is due; the outer call loops.
class session_io {
public:
    enum class output : std::uint8_t {
        taken,     // what the session had is in `out`
        deferred,  // called from inside nghttp2: the outer receive() or take() will take it
        failed,    // a fatal session error: close the connection
    };
    // @return false: the connection is broken (see nghttp2::receive).
    bool receive(nghttp2_session* s, std::string_view bytes) {
        inside_ = true;
        const bool ok = nghttp2::receive(s, bytes);
        inside_ = false;
        return ok;
    }
    output take(nghttp2_session* s, std::string& out) {
        if (inside_) {
            due_ = true;
            return output::deferred;
        }
        inside_ = true;
        bool ok = true;
        do {
            due_ = false;
            ok = pending_output(s, out);
        } while (ok && due_);
        inside_ = false;
        return ok ? output::taken : output::failed;
    }

private:
    bool inside_ = false;
    bool due_ = false;
};

// The session has nothing more to say or hear: the connection may close.
inline bool finished(nghttp2_session* s) noexcept {
    return nghttp2_session_want_read(s) == 0 && nghttp2_session_want_write(s) == 0;
}

// The frame ends its stream from the sender's side (END_STREAM on HEADERS or DATA).
inline bool ends_stream(const nghttp2_frame& f) noexcept {
    return (f.hd.type == NGHTTP2_HEADERS || f.hd.type == NGHTTP2_DATA) &&
           (f.hd.flags & NGHTTP2_FLAG_END_STREAM) != 0;
}

}  // namespace expect100::nghttp2

#endif  // EXPECT100_NGHTTP2_SESSION_HPP

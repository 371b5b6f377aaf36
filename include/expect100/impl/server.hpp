// Copyright (c) 2026 The expect100 authors. Distributed under the Boost Software License 1.0.
//
// Out-of-line bodies of basic_server (see server.hpp for the theory of operation).
#ifndef EXPECT100_IMPL_SERVER_HPP
#define EXPECT100_IMPL_SERVER_HPP

#include <expect100/detail/machine.hpp>
#include <expect100/server.hpp>  // so this header also compiles alone

namespace expect100 {

template <class Traits, class Trace>
server_step basic_server<Traits, Trace>::refuse(errc e, error_origin origin) noexcept {
    return detail::refused<step>(e, origin);
}

template <class Traits, class Trace>
bool basic_server<Traits, Trace>::move(server_event on, server_state to, time_point now,
                                       std::uint64_t value) noexcept {
    if (!detail::server_table::allows(state_, on, to)) {
        return false;
    }
    detail::record_move(this->held(), now, state_, to, on, value);
    state_ = to;
    return true;
}

template <class Traits, class Trace>
server_step basic_server<Traits, Trace>::internal_fault() noexcept {
    step s = refuse(errc::internal_transition, error_origin::internal);
    s.actions.push_back(action::make(action_kind::close));
    state_ = server_state::closed;
    deadline_ = time::no_deadline();
    return s;
}

template <class Traits, class Trace>
server_step basic_server<Traits, Trace>::commit(const step& s, server_event on, server_state to,
                                         time_point now, std::uint64_t value) noexcept {
    return move(on, to, now, value) ? s : internal_fault();
}

template <class Traits, class Trace>
void basic_server<Traits, Trace>::send_owed_continue(step& s) noexcept {
    if (continue_ == continue_status::owed) {
        s.actions.push_back(action::make(action_kind::send_continue));
        continue_ = continue_status::sent;
    }
}

template <class Traits, class Trace>
void basic_server<Traits, Trace>::arm_stall(time_point now) noexcept {
    deadline_ = Traits::on_body_stall == stall_action::wait
                    ? time::no_deadline()
                    : time::after(now, duration(Traits::body_stall_timeout));
}

// The one place that starts a final response, the application's or the machine's own (417):
// no 100 after it, Connection: close when the connection cannot persist, and the early-final
// policy when the body is still due (S-7, S-8, S-9).
template <class Traits, class Trace>
void basic_server<Traits, Trace>::start_final(std::uint16_t status, final_origin origin,
                                              time_point now, step& s) noexcept {
    const server_event on = origin == final_origin::machine ? server_event::request_head
                                                             : server_event::final_response;
    // add_close first: it applies to the response head about to be written.
    const auto emit_final = [&] {
        if (origin == final_origin::machine) {
            s.actions.push_back(action::send_final(status));
        }
    };
    if (continue_ == continue_status::owed) {
        continue_ = continue_status::skipped;  // never a 100 after the final response
    }
    const bool body_due = state_ != server_state::received && !body_complete_known() &&
                          framing_ != body_framing::none;
    if (!body_due) {
        if (after_ == after_response::close) {
            s.actions.push_back(action::make(action_kind::add_close));
        }
        emit_final();
        deadline_ = time::no_deadline();
        s = commit(s, on, server_state::responding, now, status);
        return;
    }
    const std::uint64_t remaining =
        framing_ == body_framing::content_length ? content_length_ - received_ : 0;
    const bool too_much = framing_ == body_framing::content_length
                              ? remaining > Traits::discard_byte_limit
                              : false;
    const bool policy_closes = early_final_closes(Traits::after_early_final, received_ != 0,
                                                  continue_ == continue_status::sent);
    if (after_ == after_response::close || policy_closes || too_much) {
        early_ = early_mode::close;
        after_ = after_response::close;
        s.actions.push_back(action::make(action_kind::add_close));
        emit_final();
        deadline_ = time::no_deadline();
    } else {
        emit_final();
        early_ = early_mode::discard;
        discard_limit_ = framing_ == body_framing::content_length
                             ? remaining
                             : static_cast<std::uint64_t>(Traits::discard_byte_limit);
        s.actions.push_back(action::discard_body(discard_limit_));
        deadline_ = time::after(now, duration(Traits::discard_time_limit));
    }
    s = commit(s, on, server_state::responding_early, now, status);
}

template <class Traits, class Trace>
server_step basic_server<Traits, Trace>::on_request_head(const request_facts& head,
                                                  time_point now) noexcept {
    if (state_ != server_state::idle) {
        return refuse(errc::event_out_of_order, error_origin::local);
    }
    content_length_ = head.content_length;
    received_ = 0;
    discard_limit_ = 0;
    framing_ = head.framing;
    early_ = early_mode::none;
    continue_ = continue_status::not_owed;
    after_ = head.connection == connection_intent::keep_alive ? after_response::keep_alive
                                                              : after_response::close;
    step s;
    const auto refuse_head = [&](errc fault) {
        s.error = make_error_code(fault);
        s.origin = error_origin::remote;
        s.actions.push_back(action::make(action_kind::add_close));
        s.actions.push_back(action::send_final(suggested_status(fault)));
        s.actions.push_back(action::make(action_kind::close));
        deadline_ = time::no_deadline();
        s = commit(s, server_event::request_head, server_state::closed, now,
                   suggested_status(fault));
    };
    if (!head.valid()) {  // smuggling shapes and broken fields: 400 (505) and close
        refuse_head(head.fault);
        return s;
    }
    // Expectations mean nothing on HTTP/1.0 (S-1): neither a 100 nor a 417.
    const bool expectations_apply = head.version == http_version::http_1_1;
    const expectation& e = head.expect;
    if (expectations_apply && e.kind == expectation_kind::malformed &&
        Traits::on_malformed_expectation == malformed_expectation_action::reject_400) {
        refuse_head(errc::malformed_expectation);
        return s;
    }
    const bool unknown = e.kind == expectation_kind::unsupported ||
                         (e.kind == expectation_kind::continue_100 &&
                          e.notes.has(expect_note::unknown_member));
    if (expectations_apply && unknown &&
        Traits::on_unknown_expectation == unknown_expectation_action::reject_417) {
        // S-11: the request is not processed; its body (if any) is handled as after any
        // early final response.
        if (!head.has_content()) {
            framing_ = body_framing::none;
        }
        start_final(417, final_origin::machine, now, s);
        return s;
    }
    const bool put_or_post =
        head.method == request_method::put || head.method == request_method::post;
    if (head.expects_continue() ||
        (Traits::unsolicited == unsolicited_continue::http11_put_and_post && put_or_post &&
         head.version == http_version::http_1_1 && head.valid() && head.has_content())) {
        continue_ = continue_status::owed;
    }
    if (!head.has_content()) {
        framing_ = body_framing::none;
        return commit(s, server_event::request_head, server_state::received, now, 0);
    }
    if (Traits::when_continue == continue_timing::on_head) {
        send_owed_continue(s);
    }
    return commit(s, server_event::request_head, server_state::deciding, now, 0);
}

template <class Traits, class Trace>
server_step basic_server<Traits, Trace>::accept(time_point now) noexcept {
    if (!detail::server_table::allows_event(state_, server_event::accept)) {
        return refuse(errc::event_out_of_order, error_origin::local);
    }
    step s;
    if (state_ == server_state::received) {
        return commit(s, server_event::accept, server_state::received, now, 0);
    }
    if (Traits::when_continue == continue_timing::on_accept) {
        send_owed_continue(s);
    }
    arm_stall(now);
    return commit(s, server_event::accept, server_state::receiving, now, 0);
}

template <class Traits, class Trace>
server_step basic_server<Traits, Trace>::on_body_read(time_point now) noexcept {
    if (!detail::server_table::allows_event(state_, server_event::body_read)) {
        return refuse(errc::event_out_of_order, error_origin::local);
    }
    step s;
    // Reading is the moment a client waiting on us would block us both: whatever the timing
    // policy (but `never`), an owed 100 goes out now.
    if (Traits::when_continue != continue_timing::never) {
        send_owed_continue(s);
    }
    const server_state to =
        state_ == server_state::received ? server_state::received : server_state::receiving;
    if (state_ == server_state::deciding) {
        arm_stall(now);
    }
    return commit(s, server_event::body_read, to, now, 0);
}

template <class Traits, class Trace>
server_step basic_server<Traits, Trace>::on_body_bytes(std::uint64_t n, time_point now) noexcept {
    if (!detail::server_table::allows_event(state_, server_event::body_bytes)) {
        return refuse(errc::event_out_of_order, error_origin::local);
    }
    if (state_ == server_state::closed) {
        return step{};  // a closing connection may still drain bytes (S-9); they mean nothing
    }
    if (framing_ == body_framing::content_length && n > content_length_ - received_) {
        return refuse(errc::body_beyond_framing, error_origin::local);
    }
    received_ += n;
    if (continue_ == continue_status::owed) {
        continue_ = continue_status::skipped;  // S-5, S-15: the body came first; no 100 now
    }
    step s;
    server_state to = state_;
    if (state_ == server_state::discarding || state_ == server_state::responding_early) {
        if (early_ == early_mode::discard) {
            if (n > discard_limit_) {
                // Past the byte cap (chunked bodies only: a length was checked up front).
                discard_limit_ = 0;
                if (state_ == server_state::discarding) {
                    to = server_state::closed;
                    s.actions.push_back(action::make(action_kind::close));
                    deadline_ = time::no_deadline();
                } else {
                    early_ = early_mode::close;
                    after_ = after_response::close;
                }
            } else {
                discard_limit_ -= n;
            }
        }
    } else if (state_ == server_state::receiving) {
        arm_stall(now);  // the client is alive: the stall clock starts again
    }
    return commit(s, server_event::body_bytes, to, now, n);
}

template <class Traits, class Trace>
server_step basic_server<Traits, Trace>::on_body_end(time_point now) noexcept {
    if (!detail::server_table::allows_event(state_, server_event::body_end)) {
        return refuse(errc::event_out_of_order, error_origin::local);
    }
    if (continue_ == continue_status::owed) {
        continue_ = continue_status::skipped;
    }
    step s;
    server_state to = state_;
    switch (state_) {
    case server_state::deciding:
    case server_state::receiving:
        to = server_state::received;
        deadline_ = time::no_deadline();
        break;
    case server_state::responding_early:
        to = server_state::responding;
        deadline_ = time::no_deadline();
        break;
    case server_state::discarding:
        to = server_state::idle;  // the connection persists: the next head may come
        deadline_ = time::no_deadline();
        break;
    case server_state::closed:
        return s;
    case server_state::idle:
    case server_state::received:
    case server_state::responding:
        return refuse(errc::event_out_of_order, error_origin::local);
    }
    return commit(s, server_event::body_end, to, now, received_);
}

template <class Traits, class Trace>
server_step basic_server<Traits, Trace>::on_final_response(std::uint16_t status,
                                                    time_point now) noexcept {
    if (state_ == server_state::responding || state_ == server_state::responding_early ||
        state_ == server_state::discarding) {
        return refuse(errc::second_final_response, error_origin::local);
    }
    if (!detail::server_table::allows_event(state_, server_event::final_response) ||
        (status < 200 && status != 101) || status > 999) {
        return refuse(errc::event_out_of_order, error_origin::local);
    }
    if (status == 101 && state_ != server_state::received) {
        return refuse(errc::upgrade_before_request_body, error_origin::local);
    }
    step s;
    start_final(status, final_origin::application, now, s);
    return s;
}

template <class Traits, class Trace>
server_step basic_server<Traits, Trace>::on_response_complete(time_point now) noexcept {
    if (!detail::server_table::allows_event(state_, server_event::response_complete)) {
        return refuse(errc::event_out_of_order, error_origin::local);
    }
    step s;
    server_state to = state_;
    if (state_ == server_state::closed) {
        return s;
    }
    if (state_ == server_state::responding) {
        to = after_ == after_response::close ? server_state::closed : server_state::idle;
    } else {  // responding_early: the body is still due
        to = early_ == early_mode::discard ? server_state::discarding : server_state::closed;
    }
    if (to == server_state::closed) {
        s.actions.push_back(action::make(action_kind::close));
        deadline_ = time::no_deadline();
    }
    return commit(s, server_event::response_complete, to, now, 0);
}

template <class Traits, class Trace>
server_step basic_server<Traits, Trace>::on_timer(time_point now) noexcept {
    step s;
    if (now < deadline_) {
        return s;  // early: nothing is due
    }
    deadline_ = time::no_deadline();
    server_state to = state_;
    switch (state_) {
    case server_state::receiving:  // the client stalled mid-body (S-16)
        if (Traits::on_body_stall == stall_action::send_408_and_close) {
            s.actions.push_back(action::make(action_kind::add_close));
            s.actions.push_back(action::send_final(408));
        }
        if (Traits::on_body_stall != stall_action::wait) {
            s.actions.push_back(action::make(action_kind::close));
            to = server_state::closed;
        }
        break;
    case server_state::responding_early:
        // The discard time cap passed while the response is still being written: closing now
        // would cut it off, so close once it is out.
        early_ = early_mode::close;
        after_ = after_response::close;
        break;
    case server_state::discarding:
        s.actions.push_back(action::make(action_kind::close));
        to = server_state::closed;
        break;
    case server_state::idle:
    case server_state::deciding:
    case server_state::received:
    case server_state::responding:
    case server_state::closed:
        break;
    }
    return commit(s, server_event::timer, to, now, 0);
}

template <class Traits, class Trace>
server_step basic_server<Traits, Trace>::on_peer_closed(time_point now) noexcept {
    step s;
    if (state_ != server_state::closed) {
        s.actions.push_back(action::make(action_kind::close));
    }
    if (continue_ == continue_status::owed) {
        continue_ = continue_status::skipped;
    }
    deadline_ = time::no_deadline();
    return commit(s, server_event::peer_closed, server_state::closed, now, 0);
}

} // namespace expect100

#endif // EXPECT100_IMPL_SERVER_HPP

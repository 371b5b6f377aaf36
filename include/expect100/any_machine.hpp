// Copyright (c) 2026 The expect100 authors. Distributed under the Boost Software License 1.0.
//
// Machines chosen at run time: an abstract interface per role (any_server, any_client,
// any_intermediary) and a model holding one basic_* machine of a given preset.
//
// Why: a program that takes `--preset NAME` would otherwise instantiate all of its connection
// code once per preset. With these, the connection code is compiled once against the interface
// and only the small model is instantiated per preset (presets::with_preset finds the type by
// name). The cost is one indirect call per event, a few nanoseconds, next to a system call per
// event at least.
//
// Nothing here allocates: the caller places a model where it likes (a member, a std::optional,
// a unique_ptr of its own).
//
// The trace: a model built with a recording_trace exposes it through recorded(), so that a
// program can print timelines and explain_*() sentences; with null_trace recorded() is null.
#ifndef EXPECT100_ANY_MACHINE_HPP
#define EXPECT100_ANY_MACHINE_HPP

#include <expect100/client.hpp>
#include <expect100/intermediary.hpp>
#include <expect100/server.hpp>
#include <expect100/trace.hpp>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <type_traits>

namespace expect100 {

// The trace size every run-time machine records with (when it records at all).
inline constexpr std::size_t any_trace_capacity = 48;

template <class Clock>
using any_trace = recording_trace<typename Clock::time_point, any_trace_capacity>;

namespace detail {
template <class Trace, class Recorded>
constexpr Recorded* recorded_of(Trace& t) noexcept {
    if constexpr (std::is_same_v<Trace, Recorded>) {
        return &t;
    } else {
        return nullptr;
    }
}
} // namespace detail

// ---- Intermediary -------------------------------------------------------------------------------

template <class Clock = std::chrono::steady_clock>
class any_intermediary {
public:
    using step = intermediary_step;
    using clock = Clock;
    using time_point = typename Clock::time_point;
    using trace_type = any_trace<Clock>;

    virtual ~any_intermediary() = default;

    virtual step on_request_head(const request_facts& head, next_hop_version hop,
                                 time_point now, local_answer answer) noexcept = 0;
    virtual step on_body_bytes(std::uint64_t n, time_point now) noexcept = 0;
    virtual step on_body_end(time_point now) noexcept = 0;
    virtual step on_response_complete(time_point now) noexcept = 0;
    virtual step on_downstream_closed(time_point now) noexcept = 0;
    virtual step on_upstream_head_sent(time_point now) noexcept = 0;
    virtual step on_upstream_interim(std::uint16_t status, time_point now) noexcept = 0;
    virtual step on_upstream_final(const response_facts& response, time_point now) noexcept = 0;
    virtual step on_upstream_failed(time_point now) noexcept = 0;
    virtual step on_timer(time_point now) noexcept = 0;
    virtual void set_upstream_timeout(typename Clock::duration d) noexcept = 0;

    virtual intermediary_state state() const noexcept = 0;
    virtual downstream_continue continue_state() const noexcept = 0;
    virtual time_point next_deadline() const noexcept = 0;
    virtual std::string_view preset_name() const noexcept = 0;
    // The recording trace, or null when the model does not record.
    virtual trace_type* recorded() noexcept = 0;

protected:
    any_intermediary() = default;
    any_intermediary(const any_intermediary&) = default;
    any_intermediary& operator=(const any_intermediary&) = default;
};

template <class Traits, class Trace = null_trace>
class intermediary_model final : public any_intermediary<typename Traits::clock> {
    using base = any_intermediary<typename Traits::clock>;

public:
    using step = intermediary_step;
    using time_point = typename base::time_point;
    using machine_type = basic_intermediary<Traits, Trace>;

    step on_request_head(const request_facts& head, next_hop_version hop, time_point now,
                         local_answer answer) noexcept override {
        return m_.on_request_head(head, hop, now, answer);
    }
    step on_body_bytes(std::uint64_t n, time_point now) noexcept override {
        return m_.on_body_bytes(n, now);
    }
    step on_body_end(time_point now) noexcept override { return m_.on_body_end(now); }
    step on_response_complete(time_point now) noexcept override {
        return m_.on_response_complete(now);
    }
    step on_downstream_closed(time_point now) noexcept override {
        return m_.on_downstream_closed(now);
    }
    step on_upstream_head_sent(time_point now) noexcept override {
        return m_.on_upstream_head_sent(now);
    }
    step on_upstream_interim(std::uint16_t status, time_point now) noexcept override {
        return m_.on_upstream_interim(status, now);
    }
    step on_upstream_final(const response_facts& r, time_point now) noexcept override {
        return m_.on_upstream_final(r, now);
    }
    step on_upstream_failed(time_point now) noexcept override {
        return m_.on_upstream_failed(now);
    }
    step on_timer(time_point now) noexcept override { return m_.on_timer(now); }
    void set_upstream_timeout(typename base::clock::duration d) noexcept override {
        m_.set_upstream_timeout(d);
    }

    intermediary_state state() const noexcept override { return m_.state(); }
    downstream_continue continue_state() const noexcept override { return m_.continue_state(); }
    time_point next_deadline() const noexcept override { return m_.next_deadline(); }
    std::string_view preset_name() const noexcept override { return Traits::name; }
    typename base::trace_type* recorded() noexcept override {
        return detail::recorded_of<Trace, typename base::trace_type>(m_.trace());
    }

    machine_type& machine() noexcept { return m_; }

private:
    machine_type m_;
};

// ---- Server -------------------------------------------------------------------------------------

template <class Clock = std::chrono::steady_clock>
class any_server {
public:
    using step = server_step;
    using clock = Clock;
    using time_point = typename Clock::time_point;
    using trace_type = any_trace<Clock>;

    virtual ~any_server() = default;

    virtual step on_request_head(const request_facts& head, time_point now) noexcept = 0;
    virtual step accept(time_point now) noexcept = 0;
    virtual step on_body_read(time_point now) noexcept = 0;
    virtual step on_body_bytes(std::uint64_t n, time_point now) noexcept = 0;
    virtual step on_body_end(time_point now) noexcept = 0;
    virtual step on_final_response(std::uint16_t status, time_point now) noexcept = 0;
    virtual step on_response_complete(time_point now) noexcept = 0;
    virtual step on_timer(time_point now) noexcept = 0;
    virtual step on_peer_closed(time_point now) noexcept = 0;

    virtual server_state state() const noexcept = 0;
    virtual continue_status continue_state() const noexcept = 0;
    virtual time_point next_deadline() const noexcept = 0;
    virtual std::string_view preset_name() const noexcept = 0;
    virtual trace_type* recorded() noexcept = 0;

protected:
    any_server() = default;
    any_server(const any_server&) = default;
    any_server& operator=(const any_server&) = default;
};

template <class Traits, class Trace = null_trace>
class server_model final : public any_server<typename Traits::clock> {
    using base = any_server<typename Traits::clock>;

public:
    using step = server_step;
    using time_point = typename base::time_point;
    using machine_type = basic_server<Traits, Trace>;

    step on_request_head(const request_facts& head, time_point now) noexcept override {
        return m_.on_request_head(head, now);
    }
    step accept(time_point now) noexcept override { return m_.accept(now); }
    step on_body_read(time_point now) noexcept override { return m_.on_body_read(now); }
    step on_body_bytes(std::uint64_t n, time_point now) noexcept override {
        return m_.on_body_bytes(n, now);
    }
    step on_body_end(time_point now) noexcept override { return m_.on_body_end(now); }
    step on_final_response(std::uint16_t status, time_point now) noexcept override {
        return m_.on_final_response(status, now);
    }
    step on_response_complete(time_point now) noexcept override {
        return m_.on_response_complete(now);
    }
    step on_timer(time_point now) noexcept override { return m_.on_timer(now); }
    step on_peer_closed(time_point now) noexcept override { return m_.on_peer_closed(now); }

    server_state state() const noexcept override { return m_.state(); }
    continue_status continue_state() const noexcept override { return m_.continue_state(); }
    time_point next_deadline() const noexcept override { return m_.next_deadline(); }
    std::string_view preset_name() const noexcept override { return Traits::name; }
    typename base::trace_type* recorded() noexcept override {
        return detail::recorded_of<Trace, typename base::trace_type>(m_.trace());
    }

    machine_type& machine() noexcept { return m_; }

private:
    machine_type m_;
};

// ---- Client -------------------------------------------------------------------------------------

template <class Clock = std::chrono::steady_clock>
class any_client {
public:
    using step = client_step;
    using clock = Clock;
    using time_point = typename Clock::time_point;
    using trace_type = any_trace<Clock>;

    virtual ~any_client() = default;

    virtual step start_request(const client_request& request, time_point now,
                               origin_facts known) noexcept = 0;
    virtual step on_head_sent(time_point now) noexcept = 0;
    virtual step on_interim_response(std::uint16_t status, time_point now) noexcept = 0;
    virtual step on_final_response(const response_facts& response, time_point now) noexcept = 0;
    virtual step on_body_sent(time_point now) noexcept = 0;
    virtual step on_response_complete(time_point now) noexcept = 0;
    virtual step on_timer(time_point now) noexcept = 0;
    virtual step on_peer_closed(time_point now) noexcept = 0;

    virtual client_state state() const noexcept = 0;
    virtual expect_status expect_state() const noexcept = 0;
    virtual origin_facts origin() const noexcept = 0;
    virtual time_point next_deadline() const noexcept = 0;
    virtual std::string_view preset_name() const noexcept = 0;
    virtual trace_type* recorded() noexcept = 0;

protected:
    any_client() = default;
    any_client(const any_client&) = default;
    any_client& operator=(const any_client&) = default;
};

template <class Traits, class Trace = null_trace>
class client_model final : public any_client<typename Traits::clock> {
    using base = any_client<typename Traits::clock>;

public:
    using step = client_step;
    using time_point = typename base::time_point;
    using machine_type = basic_client<Traits, Trace>;

    step start_request(const client_request& request, time_point now,
                       origin_facts known) noexcept override {
        return m_.start_request(request, now, known);
    }
    step on_head_sent(time_point now) noexcept override { return m_.on_head_sent(now); }
    step on_interim_response(std::uint16_t status, time_point now) noexcept override {
        return m_.on_interim_response(status, now);
    }
    step on_final_response(const response_facts& r, time_point now) noexcept override {
        return m_.on_final_response(r, now);
    }
    step on_body_sent(time_point now) noexcept override { return m_.on_body_sent(now); }
    step on_response_complete(time_point now) noexcept override {
        return m_.on_response_complete(now);
    }
    step on_timer(time_point now) noexcept override { return m_.on_timer(now); }
    step on_peer_closed(time_point now) noexcept override { return m_.on_peer_closed(now); }

    client_state state() const noexcept override { return m_.state(); }
    expect_status expect_state() const noexcept override { return m_.expect_state(); }
    origin_facts origin() const noexcept override { return m_.origin(); }
    time_point next_deadline() const noexcept override { return m_.next_deadline(); }
    std::string_view preset_name() const noexcept override { return Traits::name; }
    typename base::trace_type* recorded() noexcept override {
        return detail::recorded_of<Trace, typename base::trace_type>(m_.trace());
    }

    machine_type& machine() noexcept { return m_; }

private:
    machine_type m_;
};

} // namespace expect100

#endif // EXPECT100_ANY_MACHINE_HPP

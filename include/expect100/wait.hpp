// Copyright (c) 2026 The expect100 authors. Distributed under the Boost Software License 1.0.
//
// How long a client holds its body after the head went out, and what it remembers per origin.
//
// A WaitStrategy is a small type stored in the client machine (at zero size when empty):
//     template <class Duration> constexpr Duration wait_for() const noexcept;
//         how long to hold the body, counted from the moment the head was flushed (curl's
//         phase rule, docs/requirements.md "Choices" point 3: the clock never runs while the head is still queued)
//     template <class Duration> constexpr void on_continue(Duration after_head) noexcept;
//         a 100 arrived this long after the head was flushed: a round-trip sample
//     constexpr void on_expiry() noexcept;
//         the wait ran out without a 100
//
// origin_cache is the per-origin capability memory (gap 2): a fixed number of records the caller
// owns and shares between requests, each saying what an origin was seen to do, forgotten after
// a configurable time so that a fixed server is tried again.
#ifndef EXPECT100_WAIT_HPP
#define EXPECT100_WAIT_HPP

#include <algorithm>
#include <chrono>
#include <cstddef>
#include <cstdint>

namespace expect100 {

// Hold the body for a fixed time: curl 1000 ms, .NET 1 s, .NET Framework 350 ms, Java 5 s, the
// outage's client 5 s.
template <std::int64_t Milliseconds>
struct fixed_wait {
    static_assert(Milliseconds >= 0, "a wait cannot be negative");
    template <class Duration>
    constexpr Duration wait_for() const noexcept {
        return std::chrono::duration_cast<Duration>(std::chrono::milliseconds(Milliseconds));
    }
    template <class Duration>
    constexpr void on_continue(Duration) noexcept {}
    constexpr void on_expiry() noexcept {}
};

// Hold the body until a response comes, with no timer: Beast's documented snippet, aiohttp,
// old JDKs. Reproduces the hang C-4 warns about; for presets and tests, not for use.
struct infinite_wait {
    template <class Duration>
    constexpr Duration wait_for() const noexcept {
        return (Duration::max)();
    }
    template <class Duration>
    constexpr void on_continue(Duration) noexcept {}
    constexpr void on_expiry() noexcept {}
};

// Do not hold the body at all (Expect sent for its early-rejection value only, C-3).
using no_wait = fixed_wait<0>;

// Hold the body for a time chosen at run time (a command-line flag, a configuration file):
// set_wait() before start_request; until then it holds for 1 s, curl's default.
class configured_wait {
public:
    constexpr void set_wait(std::chrono::milliseconds wait) noexcept {
        wait_ = wait < std::chrono::milliseconds(0) ? std::chrono::milliseconds(0) : wait;
    }
    template <class Duration>
    constexpr Duration wait_for() const noexcept {
        return std::chrono::duration_cast<Duration>(wait_);
    }
    template <class Duration>
    constexpr void on_continue(Duration) noexcept {}
    constexpr void on_expiry() noexcept {}

private:
    std::chrono::milliseconds wait_{1000};
};

// A multiple of the measured round trip, clamped: Multiplier x the smoothed time from head to
// 100 (RFC 6298-style 1/8 gain), never below MinMs nor above MaxMs; InitialMs before any
// sample. No peer has this (gap 1): a fast origin costs little, a slow one is still waited for.
template <std::int64_t Multiplier = 4, std::int64_t MinMs = 50, std::int64_t MaxMs = 2000,
          std::int64_t InitialMs = 1000>
class adaptive_wait {
    static_assert(Multiplier > 0 && MinMs >= 0 && MinMs <= MaxMs && InitialMs >= MinMs &&
                      InitialMs <= MaxMs,
                  "adaptive_wait needs 0 <= MinMs <= InitialMs <= MaxMs and Multiplier > 0");

public:
    template <class Duration>
    constexpr Duration wait_for() const noexcept {
        using std::chrono::milliseconds;
        using std::chrono::nanoseconds;
        if (samples_ == 0) {
            return std::chrono::duration_cast<Duration>(milliseconds(InitialMs));
        }
        const nanoseconds scaled(smoothed_ns_ * Multiplier);
        const nanoseconds low = milliseconds(MinMs);
        const nanoseconds high = milliseconds(MaxMs);
        return std::chrono::duration_cast<Duration>((std::clamp)(scaled, low, high));
    }
    template <class Duration>
    constexpr void on_continue(Duration after_head) noexcept {
        const std::int64_t sample =
            std::chrono::duration_cast<std::chrono::nanoseconds>(after_head).count();
        smoothed_ns_ = samples_ == 0 ? sample : smoothed_ns_ + (sample - smoothed_ns_) / 8;
        if (samples_ < UINT32_MAX) {
            ++samples_;
        }
    }
    constexpr void on_expiry() noexcept {}
    constexpr std::uint32_t samples() const noexcept { return samples_; }

private:
    std::int64_t smoothed_ns_ = 0;
    std::uint32_t samples_ = 0;
};

// What an origin was seen to do. A bit set.
enum class origin_fact : std::uint8_t {
    sends_continue = 1U << 0,     // a 100 came (so waiting is worth it)
    never_continues = 1U << 1,    // an Expect request completed with no 100 (.NET Framework's rule)
    answers_417 = 1U << 2,        // it refused the expectation (C-5): do not send it again
    http_1_0_hop = 1U << 3,       // it answered with HTTP/1.0: no 1xx can come back (C-4, P-3)
};

template <class TimePoint>
struct origin_record {
    std::uint64_t key = 0;  // the caller's id for scheme://host:port; 0 = unused slot
    std::uint8_t facts = 0;
    TimePoint learned_at{};

    constexpr bool has(origin_fact f) const noexcept {
        return (facts & static_cast<std::uint8_t>(f)) != 0;
    }
    constexpr void learn(origin_fact f, TimePoint now) noexcept {
        facts = static_cast<std::uint8_t>(facts | static_cast<std::uint8_t>(f));
        learned_at = now;
    }
    constexpr void unlearn(origin_fact f) noexcept {
        facts = static_cast<std::uint8_t>(facts & ~static_cast<unsigned>(f));
    }
};

// A fixed-capacity memory of origins. find_or_add() returns the record for a key, creating it
// in the slot of the oldest record when the cache is full; records older than `forget_after`
// are wiped when looked up. The client machine reads and updates the record it is given.
template <class Clock, std::size_t Capacity = 16>
class origin_cache {
public:
    using time_point = typename Clock::time_point;
    using duration = typename Clock::duration;
    using record = origin_record<time_point>;
    static_assert(Capacity > 0, "an origin cache needs one slot");

    constexpr explicit origin_cache(duration forget_after) noexcept : forget_after_(forget_after) {}

    // @param key nonzero id of the origin (the caller hashes scheme, host and port).
    constexpr record* find_or_add(std::uint64_t key, time_point now) noexcept {
        if (key == 0) {
            return nullptr;
        }
        record* victim = nullptr;  // an empty slot, else the record learned longest ago
        for (record& r : records_) {
            if (r.key == key) {
                if (r.facts != 0 && now - r.learned_at >= forget_after_) {
                    r.facts = 0;  // forgotten: the origin may have changed
                }
                return &r;
            }
            const bool better = victim == nullptr ||
                                (victim->key != 0 && (r.key == 0 || r.learned_at < victim->learned_at));
            if (better) {
                victim = &r;
            }
        }
        *victim = record{};
        victim->key = key;
        victim->learned_at = now;
        return victim;
    }
    static constexpr std::size_t capacity() noexcept { return Capacity; }

private:
    record records_[Capacity] = {};
    duration forget_after_;
};

} // namespace expect100

#endif // EXPECT100_WAIT_HPP

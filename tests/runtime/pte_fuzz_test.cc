/*
 * pte_fuzz_test: deterministic mutation fuzzing of the loader and executor, bounded in time.
 *
 * Starts from the exported fixture programs and applies seeded random mutations of the kinds
 * that break parsers: bit flips, random bytes, "interesting" 32-bit values written over the
 * aligned words that hold FlatBuffers offsets, sizes and indices, truncation, and inserted or
 * deleted chunks that shift every offset behind them. Each mutant goes through load, prepare,
 * set_input and execute with kernels that read every byte of every tensor view. Built with
 * AddressSanitizer and UndefinedBehaviorSanitizer, any out-of-bounds read or UB aborts the test.
 *
 * The sequence depends only on --seed; --iterations bounds the work and --seconds is a guard
 * that stops early (and says so) on a slow machine instead of timing out.
 */
#include <stdio.h>

#include <algorithm>
#include <chrono>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "cc/runtime/pte_runtime.h"
#include "tests/runtime/test_support.h"

namespace m55ml
{
namespace testing
{
namespace
{

// xorshift64*: small, fast and identical on every platform.
class Random
{
  public:
    explicit Random(uint64_t seed) : state_(seed != 0 ? seed : 0x9e3779b97f4a7c15ull) {}
    uint64_t next()
    {
        state_ ^= state_ >> 12;
        state_ ^= state_ << 25;
        state_ ^= state_ >> 27;
        return state_ * 0x2545f4914f6cdd1dull;
    }
    size_t below(size_t bound)
    {
        return bound == 0 ? 0 : static_cast<size_t>(next() % bound);
    }

  private:
    uint64_t state_;
};

const uint32_t kInterestingWords[] = {
    0u,          1u,          2u,          4u,          8u,          16u,         0x7fu,
    0x80u,       0xffu,       0x100u,      0x7fffu,     0x8000u,     0xffffu,     0x10000u,
    0x7fffffffu, 0x80000000u, 0xfffffffeu, 0xffffffffu, 0x40000000u, 0x3fffffffu,
};

// Applies one to three mutations; `flatbuffer_size` keeps some of them aimed at the table area.
void mutate(Random *random, std::vector<uint8_t> *bytes, size_t flatbuffer_size)
{
    const size_t count = 1 + random->below(3);
    for (size_t m = 0; m < count && !bytes->empty(); ++m) {
        const size_t size = bytes->size();
        const size_t target_area = std::min(flatbuffer_size, size);
        switch (random->below(7)) {
        case 0: { // flip one bit
            const size_t at = random->below(size);
            (*bytes)[at] ^= static_cast<uint8_t>(1u << random->below(8));
            break;
        }
        case 1: { // random bytes
            const size_t at = random->below(size);
            const size_t length = 1 + random->below(8);
            for (size_t i = at; i < at + length && i < size; ++i) {
                (*bytes)[i] = static_cast<uint8_t>(random->next());
            }
            break;
        }
        case 2:
        case 3: { // an interesting value, or a small delta, over an aligned word
            const size_t at = random->below(target_area / 4) * 4;
            if (at + 4 > size) {
                break;
            }
            uint32_t word = 0;
            for (int i = 3; i >= 0; --i) {
                word = (word << 8) | (*bytes)[at + static_cast<size_t>(i)];
            }
            if (random->below(2) == 0) {
                word = kInterestingWords[random->below(sizeof(kInterestingWords) / 4)];
            } else {
                word += static_cast<uint32_t>(static_cast<int32_t>(random->below(33)) - 16);
            }
            for (int i = 0; i < 4; ++i) {
                (*bytes)[at + static_cast<size_t>(i)] = static_cast<uint8_t>(word >> (8 * i));
            }
            break;
        }
        case 4: // truncate
            bytes->resize(random->below(size));
            break;
        case 5: { // delete a chunk: everything behind it moves
            const size_t at = random->below(size);
            const size_t length = std::min(size - at, 1 + random->below(64));
            bytes->erase(bytes->begin() + static_cast<long>(at),
                         bytes->begin() + static_cast<long>(at + length));
            break;
        }
        default: { // duplicate a chunk in place
            const size_t at = random->below(size);
            const size_t length = std::min(size - at, 1 + random->below(64));
            const std::vector<uint8_t> chunk(bytes->begin() + static_cast<long>(at),
                                             bytes->begin() + static_cast<long>(at + length));
            bytes->insert(bytes->begin() + static_cast<long>(at), chunk.begin(), chunk.end());
            break;
        }
        }
    }
}

size_t flatbuffer_size_of(const std::vector<uint8_t> &pte)
{
    if (pte.size() >= 24 && pte[8] == 'e' && pte[9] == 'h' && pte[10] == '0' && pte[11] == '0') {
        uint64_t size = 0;
        for (int i = 7; i >= 0; --i) {
            size = (size << 8) | pte[16 + static_cast<size_t>(i)];
        }
        return static_cast<size_t>(std::min<uint64_t>(size, pte.size()));
    }
    return pte.size();
}

TEST(seeded_mutations_of_exported_programs_never_crash)
{
    const size_t iterations = std::stoul(flag("iterations", "20000"));
    const double budget_seconds = std::stod(flag("seconds", "120"));
    const uint64_t seed = std::stoull(flag("seed", "20240611"));
    const Fixture fixtures[] = {load_fixture("conv_block"), load_fixture("add_two")};

    Random random(seed);
    std::map<std::string, size_t> outcomes;
    std::map<std::string, std::string> first_detail; // one example message per outcome
    const auto started = std::chrono::steady_clock::now();
    size_t done = 0;
    for (; done < iterations; ++done) {
        const double elapsed =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
        if (elapsed > budget_seconds) {
            printf("fuzz: time budget of %.0f s reached after %zu of %zu iterations\n",
                   budget_seconds, done, iterations);
            break;
        }
        const Fixture &fixture = fixtures[random.below(2)];
        std::vector<uint8_t> bytes = fixture.pte;
        mutate(&random, &bytes, flatbuffer_size_of(fixture.pte));
        const AlignedBytes aligned(bytes);
        CheckingRegistry registry;
        std::unique_ptr<Runner> runner(new Runner);
        std::string stage;
        const pte::Status status =
            load_and_run(aligned.data(), aligned.size(), fixture, &registry, runner.get(), &stage);
        if (status == pte::Status::kOk) {
            outcomes["ran"] += 1;
        } else {
            const std::string key = stage + ":" + pte::status_name(status);
            if (outcomes[key]++ == 0) {
                first_detail[key] = runner->diag.detail;
            }
            EXPECT_MSG(runner->diag.detail[0] != '\0', "iteration " + std::to_string(done) + ": " +
                                                           stage + " " + pte::status_name(status) +
                                                           " without detail");
        }
    }
    printf("fuzz: %zu iterations, seed %llu\n", done, static_cast<unsigned long long>(seed));
    for (const auto &outcome : outcomes) {
        printf("  %-34s %6zu  e.g. %s\n", outcome.first.c_str(), outcome.second,
               first_detail[outcome.first].c_str());
    }
    // The mutations must reach past the loader, or the executor is not being fuzzed.
    EXPECT(outcomes["ran"] > 0);
    EXPECT(outcomes.size() > 5);
}

} // namespace
} // namespace testing
} // namespace m55ml

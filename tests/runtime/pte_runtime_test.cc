/*
 * pte_runtime_test: the runtime against programs exported by ExecuTorch (make_test_programs.py).
 *
 * Expectations come from the exporter's manifest (what ExecuTorch planned and emitted) or from
 * the file format, never from the runtime under test. Kernels are the test-only checking
 * registry (test_support.cc), so these tests do not depend on cc/ops' arithmetic.
 */
#include <string.h>

#include <algorithm>
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

using pte::Diagnostic;
using pte::MemorySpan;
using pte::Method;
using pte::Program;
using pte::Status;
using pte::TensorInfo;

const Fixture &conv_block()
{
    static const Fixture fixture = load_fixture("conv_block");
    return fixture;
}

const Fixture &add_two()
{
    static const Fixture fixture = load_fixture("add_two");
    return fixture;
}

const Fixture &two_by_two()
{
    static const Fixture fixture = load_fixture("two_by_two");
    return fixture;
}

const Fixture &split_pair()
{
    static const Fixture fixture = load_fixture("split_pair");
    return fixture;
}

uint64_t read_u64(const std::vector<uint8_t> &bytes, size_t offset)
{
    uint64_t value = 0;
    for (int i = 7; i >= 0; --i) {
        value = (value << 8) | bytes[offset + static_cast<size_t>(i)];
    }
    return value;
}

void write_u32(std::vector<uint8_t> *bytes, size_t offset, uint32_t value)
{
    for (int i = 0; i < 4; ++i) {
        (*bytes)[offset + static_cast<size_t>(i)] = static_cast<uint8_t>(value >> (8 * i));
    }
}

void write_u64(std::vector<uint8_t> *bytes, size_t offset, uint64_t value)
{
    for (int i = 0; i < 8; ++i) {
        (*bytes)[offset + static_cast<size_t>(i)] = static_cast<uint8_t>(value >> (8 * i));
    }
}

Status load(const std::vector<uint8_t> &bytes, Program *program, Diagnostic *diag)
{
    const AlignedBytes aligned(bytes);
    return program->load(aligned.data(), aligned.size(), nullptr, diag);
}

// ---- Loading a valid program -------------------------------------------------------------------

void expect_program_matches_manifest(const Fixture &fixture)
{
    const AlignedBytes bytes(fixture.pte);
    Program program;
    Diagnostic diag;
    EXPECT_STATUS(program.load(bytes.data(), bytes.size(), nullptr, &diag), Status::kOk, diag);
    auto manifest = fixture.manifest;
    EXPECT(std::string(program.method_name()) == manifest["method"]);
    EXPECT(std::to_string(program.num_values()) == manifest["num_values"]);
    EXPECT(std::to_string(program.num_instructions()) == manifest["num_instructions"]);

    const std::vector<std::string> sizes = split(manifest["planned_buffer_sizes"], ',');
    EXPECT(program.num_planned_buffers() == sizes.size());
    for (size_t i = 0; i < sizes.size() && i < program.num_planned_buffers(); ++i) {
        EXPECT(std::to_string(program.planned_buffer_size(i)) == sizes[i]);
    }
    const std::vector<std::string> operators = split(manifest["operators"], ',');
    EXPECT(program.num_operators() == operators.size());
    for (size_t i = 0; i < operators.size() && i < program.num_operators(); ++i) {
        EXPECT(std::string(program.operator_name(i)) + "." + program.operator_overload(i) ==
               operators[i]);
    }
    const std::vector<std::string> input_sizes = split(manifest["input_nbytes"], ',');
    EXPECT(program.num_inputs() == input_sizes.size());
    for (size_t i = 0; i < input_sizes.size(); ++i) {
        TensorInfo info;
        EXPECT_STATUS(program.input_info(i, &info, &diag), Status::kOk, diag);
        EXPECT(std::to_string(info.nbytes) == input_sizes[i]);
        EXPECT(info.nbytes == fixture.inputs[i].size());
    }
    const std::vector<std::string> output_sizes = split(manifest["output_nbytes"], ',');
    EXPECT(program.num_outputs() == output_sizes.size());
    for (size_t i = 0; i < output_sizes.size() && i < program.num_outputs(); ++i) {
        TensorInfo output;
        EXPECT_STATUS(program.output_info(i, &output, &diag), Status::kOk, diag);
        EXPECT(std::to_string(output.nbytes) == output_sizes[i]);
    }
    TensorInfo output0;
    EXPECT_STATUS(program.output_info(0, &output0, &diag), Status::kOk, diag);
    EXPECT(output0.nbytes == fixture.reference_output.size());
}

TEST(valid_program_with_segments_loads_and_reports_what_executorch_planned)
{
    EXPECT(conv_block().manifest.at("has_segments") == "1");
    expect_program_matches_manifest(conv_block());
}

TEST(valid_program_without_extended_header_loads)
{
    EXPECT(add_two().manifest.at("has_segments") == "0");
    expect_program_matches_manifest(add_two());
}

TEST(program_with_two_inputs_and_two_outputs_loads)
{
    EXPECT(split(two_by_two().manifest.at("input_nbytes"), ',').size() == 2);
    EXPECT(split(two_by_two().manifest.at("output_nbytes"), ',').size() == 2);
    expect_program_matches_manifest(two_by_two());
}

TEST(method_is_selected_by_name_and_a_missing_one_is_named)
{
    const AlignedBytes bytes(conv_block().pte);
    Program program;
    Diagnostic diag;
    EXPECT_STATUS(program.load(bytes.data(), bytes.size(), "forward", &diag), Status::kOk, diag);
    EXPECT_STATUS(program.load(bytes.data(), bytes.size(), "backward", &diag),
                  Status::kMethodNotFound, diag);
    EXPECT(contains(diag.detail, "'backward'"));
    EXPECT(contains(diag.detail, "'forward'"));
    EXPECT(!program.is_loaded());
}

// ---- Foreign, corrupt and truncated files ------------------------------------------------------

TEST(misaligned_program_bytes_are_refused)
{
    const AlignedBytes bytes(conv_block().pte, 4);
    Program program;
    Diagnostic diag;
    EXPECT_STATUS(program.load(bytes.data(), bytes.size(), nullptr, &diag), Status::kBadAlignment,
                  diag);
}

TEST(foreign_files_are_refused_by_identifier)
{
    Program program;
    Diagnostic diag;
    std::vector<uint8_t> png = {0x89, 'P', 'N', 'G', 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13};
    EXPECT_STATUS(load(png, &program, &diag), Status::kBadIdentifier, diag);
    EXPECT(contains(diag.detail, "'ET12'"));

    std::vector<uint8_t> other_version = conv_block().pte;
    other_version[7] = '3'; // "ET13": a schema this runtime was not generated from
    EXPECT_STATUS(load(other_version, &program, &diag), Status::kBadIdentifier, diag);
    EXPECT(contains(diag.detail, "'ET13'"));

    EXPECT_STATUS(load(std::vector<uint8_t>(), &program, &diag), Status::kTruncated, diag);
    EXPECT_STATUS(program.load(nullptr, 0, nullptr, &diag), Status::kInvalidArgument, diag);
}

TEST(corrupt_extended_header_fields_are_named)
{
    const std::vector<uint8_t> &original = conv_block().pte;
    const uint64_t program_size = read_u64(original, 16);
    const uint64_t segment_base = read_u64(original, 24);
    Program program;
    Diagnostic diag;

    std::vector<uint8_t> bytes = original;
    write_u32(&bytes, 12, 8); // header length below the 24 bytes of its fixed fields
    EXPECT_STATUS(load(bytes, &program, &diag), Status::kBadHeader, diag);
    EXPECT(contains(diag.detail, "extended header length 8"));

    bytes = original;
    write_u64(&bytes, 16, original.size() + 1);
    EXPECT_STATUS(load(bytes, &program, &diag), Status::kTruncated, diag);
    EXPECT(contains(diag.detail, "program_size"));

    bytes = original;
    write_u64(&bytes, 24, program_size - 16); // segments starting inside the flatbuffer
    EXPECT_STATUS(load(bytes, &program, &diag), Status::kBadHeader, diag);
    EXPECT(contains(diag.detail, "segment_base_offset"));

    bytes = original;
    write_u64(&bytes, 32, original.size() - segment_base + 1); // one byte more than the file
    EXPECT_STATUS(load(bytes, &program, &diag), Status::kTruncated, diag);
    EXPECT(contains(diag.detail, "segment_data_size"));

    bytes = original;
    write_u32(&bytes, 0, static_cast<uint32_t>(program_size + 64)); // root offset past the end
    EXPECT_STATUS(load(bytes, &program, &diag), Status::kVerifierFailed, diag);
    EXPECT(contains(diag.detail, "root offset"));
}

TEST(truncation_at_every_offset_is_an_error_never_a_crash)
{
    for (const Fixture *fixture : {&conv_block(), &add_two()}) {
        const std::vector<uint8_t> &original = fixture->pte;
        size_t truncated_status = 0;
        for (size_t length = 0; length < original.size(); ++length) {
            const std::vector<uint8_t> prefix(original.begin(),
                                              original.begin() + static_cast<long>(length));
            Program program;
            Diagnostic diag;
            const Status status = load(prefix, &program, &diag);
            EXPECT_MSG(status != Status::kOk,
                       fixture->name + " truncated to " + std::to_string(length) + " bytes loaded");
            EXPECT_MSG(diag.detail[0] != '\0', "no detail at length " + std::to_string(length));
            truncated_status += status == Status::kTruncated ? 1 : 0;
        }
        // With an extended header most cuts are caught by its sizes before any parsing.
        if (fixture->manifest.at("has_segments") == "1") {
            EXPECT(truncated_status > original.size() / 2);
        }
    }
}

TEST(flatbuffer_verifier_failure_names_a_field)
{
    // Flip each byte of the flatbuffer in turn; every verifier failure must say where it is, and
    // at least one must be traced down to an individual value.
    const std::vector<uint8_t> &original = conv_block().pte;
    const size_t flatbuffer_size = static_cast<size_t>(read_u64(original, 16));
    size_t verifier_failures = 0;
    size_t located_in_values = 0;
    for (size_t offset = 0; offset < flatbuffer_size; ++offset) {
        std::vector<uint8_t> bytes = original;
        bytes[offset] ^= 0x80;
        Program program;
        Diagnostic diag;
        if (load(bytes, &program, &diag) != Status::kVerifierFailed) {
            continue;
        }
        ++verifier_failures;
        EXPECT_MSG(contains(diag.detail, "first invalid field") ||
                       contains(diag.detail, "root offset") ||
                       contains(diag.detail, "could not narrow"),
                   diag.detail);
        located_in_values += contains(diag.detail, "execution_plan[0].values[") ? 1 : 0;
    }
    EXPECT(verifier_failures > 0);
    EXPECT(located_in_values > 0);
}

TEST(flipped_bytes_anywhere_give_errors_or_runs_never_crashes)
{
    // Every byte of both fixtures, three different flips each, through load, prepare, input and
    // execute with kernels that read every byte of every tensor view (ASan sees any overrun).
    for (const Fixture *fixture : {&conv_block(), &add_two()}) {
        size_t rejected = 0;
        size_t ran = 0;
        for (size_t offset = 0; offset < fixture->pte.size(); ++offset) {
            for (uint8_t flip : {0x01, 0x80, 0xff}) {
                std::vector<uint8_t> bytes = fixture->pte;
                bytes[offset] ^= flip;
                const AlignedBytes aligned(bytes);
                CheckingRegistry registry;
                std::unique_ptr<Runner> runner(new Runner);
                std::string stage;
                const Status status = load_and_run(aligned.data(), aligned.size(), *fixture,
                                                   &registry, runner.get(), &stage);
                if (status == Status::kOk) {
                    ++ran;
                } else {
                    ++rejected;
                    EXPECT_MSG(runner->diag.detail[0] != '\0',
                               stage + " failed without detail at offset " +
                                   std::to_string(offset));
                    EXPECT(std::string(pte::status_name(status)) != "Unknown");
                }
            }
        }
        EXPECT(rejected > 0);
        EXPECT(ran > 0);
    }
}

TEST(flipped_constant_data_still_loads_because_weights_are_opaque)
{
    const std::vector<uint8_t> &original = conv_block().pte;
    const size_t segment_base = static_cast<size_t>(read_u64(original, 24));
    for (size_t offset = segment_base; offset < original.size(); offset += 7) {
        std::vector<uint8_t> bytes = original;
        bytes[offset] ^= 0x5a;
        Program program;
        Diagnostic diag;
        EXPECT_STATUS(load(bytes, &program, &diag), Status::kOk, diag);
    }
}

// ---- Memory plan --------------------------------------------------------------------------------

TEST(arena_of_the_planned_size_is_accepted_and_one_byte_less_is_refused)
{
    const AlignedBytes bytes(conv_block().pte);
    Program program;
    Diagnostic diag;
    EXPECT_STATUS(program.load(bytes.data(), bytes.size(), nullptr, &diag), Status::kOk, diag);
    const size_t planned = std::stoul(conv_block().manifest.at("planned_buffer_sizes"));
    std::vector<uint8_t> storage(planned + 32);
    uint8_t *arena = storage.data() + (16 - reinterpret_cast<uintptr_t>(storage.data()) % 16) % 16;
    CheckingRegistry registry;
    Method method;

    MemorySpan exact = {arena, planned};
    EXPECT_STATUS(method.prepare(program, &exact, 1, &diag, checking_resolver, &registry),
                  Status::kOk, diag);

    MemorySpan short_by_one = {arena, planned - 1};
    EXPECT_STATUS(method.prepare(program, &short_by_one, 1, &diag, checking_resolver, &registry),
                  Status::kArenaTooSmall, diag);
    EXPECT(contains(diag.detail, "memory id 1"));
    EXPECT(contains(diag.detail, "(1 short)"));
    EXPECT(!method.is_prepared());
    EXPECT_STATUS(method.execute(&diag), Status::kInvalidState, diag);

    MemorySpan spans[PTE_MAX_PLANNED_BUFFERS];
    EXPECT_STATUS(
        pte::split_arena(program, arena, planned - 1, spans, PTE_MAX_PLANNED_BUFFERS, &diag),
        Status::kArenaTooSmall, diag);
    EXPECT_STATUS(pte::split_arena(program, arena, planned, spans, PTE_MAX_PLANNED_BUFFERS, &diag),
                  Status::kOk, diag);
    EXPECT(spans[0].data == arena && spans[0].size == planned);
}

TEST(missing_and_misaligned_arenas_are_refused)
{
    const AlignedBytes bytes(conv_block().pte);
    Program program;
    Diagnostic diag;
    EXPECT_STATUS(program.load(bytes.data(), bytes.size(), nullptr, &diag), Status::kOk, diag);
    CheckingRegistry registry;
    Method method;
    EXPECT_STATUS(method.prepare(program, nullptr, 0, &diag, checking_resolver, &registry),
                  Status::kArenaMissing, diag);
    std::vector<uint8_t> storage(program.single_arena_size() + 32);
    uint8_t *arena = storage.data() + (16 - reinterpret_cast<uintptr_t>(storage.data()) % 16) % 16;
    MemorySpan misaligned = {arena + 8, static_cast<size_t>(program.single_arena_size())};
    EXPECT_STATUS(method.prepare(program, &misaligned, 1, &diag, checking_resolver, &registry),
                  Status::kBadAlignment, diag);
    MemorySpan null_span = {nullptr, 1 << 20};
    EXPECT_STATUS(method.prepare(program, &null_span, 1, &diag, checking_resolver, &registry),
                  Status::kArenaMissing, diag);
    Program unloaded;
    EXPECT_STATUS(method.prepare(unloaded, nullptr, 0, &diag), Status::kInvalidState, diag);
}

// ---- Operators ----------------------------------------------------------------------------------

TEST(operator_missing_from_the_registry_is_named_before_running)
{
    const AlignedBytes bytes(conv_block().pte);
    Program program;
    Diagnostic diag;
    EXPECT_STATUS(program.load(bytes.data(), bytes.size(), nullptr, &diag), Status::kOk, diag);
    std::vector<uint8_t> storage(program.single_arena_size() + 16);
    uint8_t *arena = storage.data() + (16 - reinterpret_cast<uintptr_t>(storage.data()) % 16) % 16;
    MemorySpan span = {arena, static_cast<size_t>(program.single_arena_size())};
    CheckingRegistry registry;
    registry.missing_operator = "cortex_m::quantized_avg_pool2d";
    Method method;
    EXPECT_STATUS(method.prepare(program, &span, 1, &diag, checking_resolver, &registry),
                  Status::kOperatorNotAvailable, diag);
    EXPECT(contains(diag.detail,
                    "operator cortex_m::quantized_avg_pool2d.out is not available in this build"));
}

TEST(operator_renamed_in_the_program_is_named)
{
    std::vector<uint8_t> bytes = conv_block().pte;
    const std::string original = "cortex_m::quantized_add";
    const std::string renamed =
        "cortex_m::quantized_adx"; // same length: the flatbuffer stays valid
    const auto at = std::search(bytes.begin(), bytes.end(), original.begin(), original.end());
    EXPECT(at != bytes.end());
    if (at == bytes.end()) {
        return;
    }
    std::copy(renamed.begin(), renamed.end(), at);
    const AlignedBytes aligned(bytes);
    Program program;
    Diagnostic diag;
    EXPECT_STATUS(program.load(aligned.data(), aligned.size(), nullptr, &diag), Status::kOk, diag);
    std::vector<uint8_t> storage(program.single_arena_size() + 16);
    uint8_t *arena = storage.data() + (16 - reinterpret_cast<uintptr_t>(storage.data()) % 16) % 16;
    MemorySpan span = {arena, static_cast<size_t>(program.single_arena_size())};
    CheckingRegistry registry;
    Method method;
    EXPECT_STATUS(method.prepare(program, &span, 1, &diag, checking_resolver, &registry),
                  Status::kOperatorNotAvailable, diag);
    EXPECT(contains(diag.detail,
                    "operator cortex_m::quantized_adx.out is not available in this build"));
    // And through the product's own registry (cc/ops), which has no such operator either.
    EXPECT_STATUS(method.prepare(program, &span, 1, &diag), Status::kOperatorNotAvailable, diag);
    EXPECT(contains(diag.detail, "is not available in this build"));
}

TEST(kernel_with_a_different_argument_count_is_refused)
{
    const AlignedBytes bytes(conv_block().pte);
    Program program;
    Diagnostic diag;
    EXPECT_STATUS(program.load(bytes.data(), bytes.size(), nullptr, &diag), Status::kOk, diag);
    std::vector<uint8_t> storage(program.single_arena_size() + 16);
    uint8_t *arena = storage.data() + (16 - reinterpret_cast<uintptr_t>(storage.data()) % 16) % 16;
    MemorySpan span = {arena, static_cast<size_t>(program.single_arena_size())};
    for (int adjustment : {-1, 1}) {
        CheckingRegistry registry;
        registry.num_args_adjustment = adjustment;
        Method method;
        EXPECT_STATUS(method.prepare(program, &span, 1, &diag, checking_resolver, &registry),
                      Status::kOperatorSignature, diag);
        EXPECT(contains(diag.detail, "cortex_m::quantize_per_tensor.out takes"));
    }
}

// ---- Running ------------------------------------------------------------------------------------

void expect_calls_match_manifest(const Fixture &fixture)
{
    const AlignedBytes bytes(fixture.pte);
    CheckingRegistry registry;
    registry.record_calls = true;
    std::unique_ptr<Runner> runner(new Runner);
    std::string stage;
    EXPECT_STATUS(
        load_and_run(bytes.data(), bytes.size(), fixture, &registry, runner.get(), &stage),
        Status::kOk, runner->diag);
    const size_t expected_calls = std::stoul(fixture.manifest.at("num_instructions"));
    EXPECT(registry.calls.size() == expected_calls);
    EXPECT(runner->method.calls_executed() == expected_calls);
    for (size_t i = 0; i < registry.calls.size(); ++i) {
        const std::string key = "call" + std::to_string(i);
        const std::string expected = fixture.manifest.count(key) ? fixture.manifest.at(key) : "";
        EXPECT_MSG(registry.calls[i] == expected, fixture.name + " " + key +
                                                      "\n    runtime:  " + registry.calls[i] +
                                                      "\n    exporter: " + expected);
    }
}

TEST(every_kernel_call_receives_the_arguments_executorch_emitted)
{
    // Kinds, ints, doubles (bit for bit), materialized int lists, tensor shapes and dim orders,
    // planned offsets, and the bytes behind each constant tensor, in instruction order.
    expect_calls_match_manifest(conv_block());
    expect_calls_match_manifest(add_two());
    expect_calls_match_manifest(two_by_two());
}

TEST(int_list_arguments_are_not_palindromes_so_order_is_checked)
{
    // Reversing a list would pass the comparison above if every list read the same both ways.
    size_t asymmetric = 0;
    for (const auto &entry : conv_block().manifest) {
        if (entry.first.rfind("call", 0) != 0 || contains(entry.first, "_values")) {
            continue;
        }
        for (const std::string &argument : split(entry.second, ';')) {
            const size_t start = argument.find('L');
            if (start == std::string::npos || argument.find('T') != std::string::npos) {
                continue;
            }
            std::vector<std::string> items = split(argument.substr(start + 1), ',');
            std::vector<std::string> reversed(items.rbegin(), items.rend());
            asymmetric += items != reversed ? 1 : 0;
        }
    }
    EXPECT_MSG(asymmetric >= 4, std::to_string(asymmetric) + " asymmetric int lists");
}

// ---- What kernels write -------------------------------------------------------------------------

// The value indices of kernel call `call` as the program lists them (manifest, from ExecuTorch).
std::vector<int32_t> call_values(const Fixture &fixture, size_t call)
{
    std::vector<int32_t> values;
    for (const std::string &item :
         split(fixture.manifest.at("call" + std::to_string(call) + "_values"), ',')) {
        values.push_back(static_cast<int32_t>(std::stol(item)));
    }
    return values;
}

// The program with every occurrence of argument `arg`'s value in call `call`'s argument list
// (the out argument is listed again as the return) replaced by value `replacement`. The list is
// found in the file as its FlatBuffers vector: a u32 length, then the int32 indices.
std::vector<uint8_t> rewire(const Fixture &fixture, size_t call, size_t arg, int32_t replacement)
{
    const std::vector<int32_t> values = call_values(fixture, call);
    std::vector<uint8_t> pattern(4 * (values.size() + 1));
    write_u32(&pattern, 0, static_cast<uint32_t>(values.size()));
    for (size_t i = 0; i < values.size(); ++i) {
        write_u32(&pattern, 4 * (i + 1), static_cast<uint32_t>(values[i]));
    }
    std::vector<uint8_t> bytes = fixture.pte;
    const auto at = std::search(bytes.begin(), bytes.end(), pattern.begin(), pattern.end());
    EXPECT_MSG(at != bytes.end(), "call " + std::to_string(call) + "'s arguments not found");
    if (at == bytes.end()) {
        return bytes;
    }
    EXPECT(std::search(at + 1, bytes.end(), pattern.begin(), pattern.end()) == bytes.end());
    const size_t offset = static_cast<size_t>(at - bytes.begin());
    for (size_t i = 0; i < values.size(); ++i) {
        if (values[i] == values[arg]) {
            write_u32(&bytes, offset + 4 * (i + 1), static_cast<uint32_t>(replacement));
        }
    }
    return bytes;
}

// Loads and prepares `bytes` with the checking registry; the arena is the planned size.
Status prepare_program(const std::vector<uint8_t> &bytes, CheckingRegistry *registry,
                       Diagnostic *diag)
{
    const AlignedBytes aligned(bytes);
    std::unique_ptr<Runner> runner(new Runner);
    std::string stage;
    const Status status =
        load_and_run(aligned.data(), aligned.size(), conv_block(), registry, runner.get(), &stage);
    *diag = runner->diag;
    EXPECT_MSG(status == Status::kOk || stage == "prepare", "failed at " + stage);
    return status;
}

// conv_block's calls (manifest): 1 quantized_conv2d(input 0, weight 1, ..., scratch 12, out 13),
// 2 quantized_depthwise_conv2d(..., scratch 13, out 14), 3 quantized_add(self 0, ..., out 13).
constexpr size_t kConvCall = 1;
constexpr size_t kDepthwiseCall = 2;
constexpr size_t kAddCall = 3;

TEST(a_kernel_never_writes_a_constant_out_or_scratch)
{
    const Fixture &fixture = conv_block();
    const int32_t weight = call_values(fixture, kConvCall)[1];
    Diagnostic diag;
    for (size_t arg : {12u, 13u}) {
        CheckingRegistry registry;
        EXPECT_STATUS(prepare_program(rewire(fixture, kConvCall, arg, weight), &registry, &diag),
                      Status::kMalformed, diag);
        const std::string what = arg == 13 ? "its out argument" : "its argument 12 (scratch)";
        EXPECT_MSG(std::string(diag.detail) == "chains[0].instructions[1]: "
                                               "cortex_m::quantized_conv2d.out would write " +
                                                   what + " into constant tensor value " +
                                                   std::to_string(weight),
                   diag.detail);
    }
}

// split_pair's calls (manifest): 2 aten::split_with_sizes_copy(self 8, split_sizes 24, dim 25,
// out 26 = [20, 21]), its out list listed again as the return (27, the same items).
constexpr size_t kSplitCall = 2;

// The program with entry `item` of every tensor list holding exactly `items` set to
// `replacement` (the out list and the return list the call repeats it as).
std::vector<uint8_t> rewire_list_item(const Fixture &fixture, const std::vector<int32_t> &items,
                                      size_t item, int32_t replacement)
{
    std::vector<uint8_t> pattern(4 * (items.size() + 1));
    write_u32(&pattern, 0, static_cast<uint32_t>(items.size()));
    for (size_t i = 0; i < items.size(); ++i) {
        write_u32(&pattern, 4 * (i + 1), static_cast<uint32_t>(items[i]));
    }
    std::vector<uint8_t> bytes = fixture.pte;
    size_t found = 0;
    for (auto at = std::search(bytes.begin(), bytes.end(), pattern.begin(), pattern.end());
         at != bytes.end(); at = std::search(at + 1, bytes.end(), pattern.begin(), pattern.end())) {
        write_u32(&bytes, static_cast<size_t>(at - bytes.begin()) + 4 * (item + 1),
                  static_cast<uint32_t>(replacement));
        ++found;
    }
    EXPECT_MSG(found > 0, "the tensor list was not found");
    return bytes;
}

TEST(a_written_tensor_list_entry_never_is_a_constant_nor_overlaps)
{
    const Fixture &fixture = split_pair();
    EXPECT(fixture.manifest.at("call2").rfind("aten::split_with_sizes_copy.out(", 0) == 0);
    const std::vector<int32_t> split = call_values(fixture, kSplitCall);
    const std::vector<int32_t> items = {20, 21};
    EXPECT(split[0] == 8 && split[3] == 26);
    const std::string prefix = "chains[0].instructions[2]: aten::split_with_sizes_copy.out ";
    // Planned bytes (manifest call2): self int8[1, 12] at 0, the pieces int8[1, 4] at 64 and
    // int8[1, 8] at 48.
    const std::string piece = "(value 20, memory id 1 bytes 64..68)";
    const std::string self = "(value 8, memory id 1 bytes 0..12)";
    Diagnostic diag;

    // The untouched program prepares.
    {
        CheckingRegistry registry;
        EXPECT_STATUS(prepare_program(fixture.pte, &registry, &diag), Status::kOk, diag);
    }
    // An entry on a constant (value 0, the add's int8 offset).
    {
        CheckingRegistry registry;
        EXPECT_STATUS(prepare_program(rewire_list_item(fixture, items, 1, 0), &registry, &diag),
                      Status::kMalformed, diag);
        EXPECT_MSG(std::string(diag.detail) ==
                       prefix + "would write its out argument item 1 into constant tensor value 0",
                   diag.detail);
    }
    // Both entries the same tensor: the second piece would overwrite the first.
    {
        CheckingRegistry registry;
        EXPECT_STATUS(prepare_program(rewire_list_item(fixture, items, 1, 20), &registry, &diag),
                      Status::kMalformed, diag);
        EXPECT_MSG(std::string(diag.detail) ==
                       prefix + "writes argument 3 item 0 " + piece + " over argument 3 item 1 " +
                           piece +
                           ": only an operator declared in-place may share an input's "
                           "bytes with out",
                   diag.detail);
    }
    // An entry on the input it splits.
    {
        CheckingRegistry registry;
        EXPECT_STATUS(prepare_program(rewire_list_item(fixture, items, 0, 8), &registry, &diag),
                      Status::kMalformed, diag);
        EXPECT_MSG(std::string(diag.detail) ==
                       prefix + "writes argument 3 item 0 " + self + " over argument 0 " + self +
                           ": only an operator declared in-place may share an "
                           "input's bytes with out",
                   diag.detail);
    }
}

TEST(out_on_its_own_input_is_refused_unless_the_operator_is_in_place)
{
    const Fixture &fixture = conv_block();
    const std::vector<int32_t> add = call_values(fixture, kAddCall);
    const std::vector<uint8_t> bytes = rewire(fixture, kAddCall, 13, add[0]);
    const std::string self = "(value " + std::to_string(add[0]) + ", memory id 1 bytes 1776..2056)";
    CheckingRegistry registry;
    Diagnostic diag;
    EXPECT_STATUS(prepare_program(bytes, &registry, &diag), Status::kMalformed, diag);
    EXPECT_MSG(std::string(diag.detail) ==
                   "chains[0].instructions[3]: cortex_m::quantized_add.out writes argument 13 " +
                       self + " over argument 0 " + self +
                       ": only an operator declared in-place may share an input's bytes with out",
               diag.detail);

    CheckingRegistry in_place;
    in_place.in_place_args = 1u << 0; // self may be out
    EXPECT_STATUS(prepare_program(bytes, &in_place, &diag), Status::kOk, diag);
    CheckingRegistry other_in_place;
    other_in_place.in_place_args = 1u << 4; // only `other` may be out: self still may not
    EXPECT_STATUS(prepare_program(bytes, &other_in_place, &diag), Status::kMalformed, diag);
}

TEST(scratch_overlapping_an_input_or_the_output_is_refused)
{
    const Fixture &fixture = conv_block();
    const std::vector<int32_t> conv = call_values(fixture, kConvCall);
    const std::vector<int32_t> depthwise = call_values(fixture, kDepthwiseCall);
    Diagnostic diag;

    // The depthwise call's out lies at bytes 1488..1768, over the conv's input (1488..1704).
    const std::vector<uint8_t> partial = rewire(fixture, kConvCall, 12, depthwise[14]);
    CheckingRegistry registry;
    EXPECT_STATUS(prepare_program(partial, &registry, &diag), Status::kMalformed, diag);
    EXPECT_MSG(std::string(diag.detail) ==
                   "chains[0].instructions[1]: cortex_m::quantized_conv2d.out writes argument 12 "
                   "(value " +
                       std::to_string(depthwise[14]) +
                       ", memory id 1 bytes 1488..1768) over argument 0 (value " +
                       std::to_string(conv[0]) +
                       ", memory id 1 bytes 1488..1704): only an operator declared in-place may "
                       "share an input's bytes with out",
               diag.detail);
    // A partial overlap is refused even if the input were declared in-place.
    CheckingRegistry in_place;
    in_place.in_place_args = 1u << 0;
    EXPECT_STATUS(prepare_program(partial, &in_place, &diag), Status::kMalformed, diag);

    // Scratch and out the same tensor: both are written.
    CheckingRegistry plain;
    EXPECT_STATUS(prepare_program(rewire(fixture, kConvCall, 12, conv[13]), &plain, &diag),
                  Status::kMalformed, diag);
    EXPECT_MSG(contains(diag.detail, "writes argument 12 (value " + std::to_string(conv[13])) &&
                   contains(diag.detail, " over argument 13 (value " + std::to_string(conv[13])),
               diag.detail);

    // Untouched, every call passes.
    EXPECT_STATUS(prepare_program(fixture.pte, &plain, &diag), Status::kOk, diag);
}

TEST(inputs_are_checked_and_must_be_set_before_every_run)
{
    const Fixture &fixture = add_two();
    const AlignedBytes bytes(fixture.pte);
    CheckingRegistry registry;
    std::unique_ptr<Runner> runner(new Runner);
    std::string stage;
    EXPECT_STATUS(
        load_and_run(bytes.data(), bytes.size(), fixture, &registry, runner.get(), &stage),
        Status::kOk, runner->diag);
    Method &method = runner->method;
    Diagnostic diag;
    EXPECT_STATUS(method.execute(&diag), Status::kInputNotSet, diag);
    EXPECT(contains(diag.detail, "input 0"));

    const std::vector<uint8_t> &input = fixture.inputs[0];
    EXPECT_STATUS(method.set_input(0, input.data(), input.size() - 1, &diag), Status::kSizeMismatch,
                  diag);
    EXPECT(contains(diag.detail, "float32[1, 16] = 64 bytes; got 63"));
    EXPECT_STATUS(method.set_input(2, input.data(), input.size(), &diag), Status::kIndexOutOfRange,
                  diag);
    EXPECT_STATUS(method.set_input(0, input.data(), input.size(), &diag), Status::kOk, diag);
    EXPECT_STATUS(method.execute(&diag), Status::kInputNotSet, diag);
    EXPECT(contains(diag.detail, "input 1"));
    EXPECT_STATUS(method.set_input(0, input.data(), input.size(), &diag), Status::kOk, diag);
    EXPECT_STATUS(method.set_input(1, fixture.inputs[1].data(), fixture.inputs[1].size(), &diag),
                  Status::kOk, diag);
    EXPECT_STATUS(method.execute(&diag), Status::kOk, diag);

    const void *data = nullptr;
    size_t nbytes = 0;
    EXPECT_STATUS(method.output(0, &data, &nbytes, &diag), Status::kOk, diag);
    EXPECT(nbytes == fixture.reference_output.size());
    EXPECT_STATUS(method.output(1, &data, &nbytes, &diag), Status::kIndexOutOfRange, diag);
}

struct HookLog {
    std::vector<std::string> events;
};

void log_before(void *context, const pte::OpEvent *event)
{
    static_cast<HookLog *>(context)->events.push_back(
        "before " + std::to_string(event->call_index) + " " + event->name);
}

void log_after(void *context, const pte::OpEvent *event, Status status)
{
    static_cast<HookLog *>(context)->events.push_back("after " + std::to_string(event->call_index) +
                                                      " " + pte::status_name(status));
}

TEST(profiling_hooks_bracket_every_kernel_call)
{
    const Fixture &fixture = conv_block();
    const AlignedBytes bytes(fixture.pte);
    CheckingRegistry registry;
    std::unique_ptr<Runner> runner(new Runner);
    std::string stage;
    EXPECT_STATUS(
        load_and_run(bytes.data(), bytes.size(), fixture, &registry, runner.get(), &stage),
        Status::kOk, runner->diag);
    Diagnostic diag;
    EXPECT_STATUS(
        runner->method.set_input(0, fixture.inputs[0].data(), fixture.inputs[0].size(), &diag),
        Status::kOk, diag);
    HookLog log;
    const pte::ProfileHooks hooks = {&log, log_before, log_after};
    EXPECT_STATUS(runner->method.execute(&diag, &hooks), Status::kOk, diag);
    const size_t calls = std::stoul(fixture.manifest.at("num_instructions"));
    EXPECT(log.events.size() == 2 * calls);
    for (size_t i = 0; i < calls && 2 * i + 1 < log.events.size(); ++i) {
        const std::string name =
            split(split(fixture.manifest.at("call" + std::to_string(i)), '(')[0], '.')[0];
        EXPECT(log.events[2 * i] == "before " + std::to_string(i) + " " + name);
        EXPECT(log.events[2 * i + 1] == "after " + std::to_string(i) + " Ok");
    }
}

// ---- Prepared calls (call state) ---------------------------------------------------------------

// Runs conv_block through the product's kernels (cc/ops) and returns output 0's bytes.
std::vector<uint8_t> run_product_kernels(bool with_call_state, uint64_t *state_bytes)
{
    const Fixture &fixture = conv_block();
    const AlignedBytes bytes(fixture.pte);
    Program program;
    Diagnostic diag;
    EXPECT_STATUS(program.load(bytes.data(), bytes.size(), nullptr, &diag), Status::kOk, diag);
    std::vector<uint8_t> storage(program.single_arena_size() + 16);
    uint8_t *arena = storage.data() + (16 - reinterpret_cast<uintptr_t>(storage.data()) % 16) % 16;
    MemorySpan buffers[PTE_MAX_PLANNED_BUFFERS];
    EXPECT_STATUS(pte::split_arena(program, arena, program.single_arena_size(), buffers,
                                   PTE_MAX_PLANNED_BUFFERS, &diag),
                  Status::kOk, diag);
    *state_bytes = Method::call_state_size(program);
    std::vector<uint8_t> state_storage(*state_bytes + 16);
    uint8_t *state =
        state_storage.data() + (16 - reinterpret_cast<uintptr_t>(state_storage.data()) % 16) % 16;
    const MemorySpan call_state = {with_call_state ? state : nullptr,
                                   static_cast<size_t>(*state_bytes)};
    Method method;
    EXPECT_STATUS(method.prepare(program, buffers, program.num_planned_buffers(), &diag, nullptr,
                                 nullptr, call_state),
                  Status::kOk, diag);
    std::vector<uint8_t> output;
    for (int run = 0; run < 2; ++run) { // a prepared call runs again with the same views
        for (size_t i = 0; i < fixture.inputs.size(); ++i) {
            EXPECT_STATUS(
                method.set_input(i, fixture.inputs[i].data(), fixture.inputs[i].size(), &diag),
                Status::kOk, diag);
        }
        EXPECT_STATUS(method.execute(&diag), Status::kOk, diag);
        const void *data = nullptr;
        size_t nbytes = 0;
        EXPECT_STATUS(method.output(0, &data, &nbytes, &diag), Status::kOk, diag);
        const uint8_t *first = static_cast<const uint8_t *>(data);
        output.assign(first, first + nbytes);
    }
    return output;
}

TEST(prepared_calls_give_the_reference_output_like_unprepared_ones)
{
    uint64_t state_bytes = 0;
    const std::vector<uint8_t> prepared = run_product_kernels(true, &state_bytes);
    EXPECT(state_bytes > 0);
    EXPECT(prepared == conv_block().reference_output);
    EXPECT(run_product_kernels(false, &state_bytes) == conv_block().reference_output);
}

// A kernel that refuses argument 1 when asked to check (and would run otherwise).
cmops_status refuse_at_check(cmops_context *ctx, cmops_value *const *, size_t)
{
    if (ctx->phase == CMOPS_PHASE_CHECK) {
        ctx->error_arg = 1;
        return CMOPS_ERR_PARAM;
    }
    return CMOPS_OK;
}

cmops_kernel g_refusing_kernel;

const cmops_kernel *refusing_resolver(void *, const char *name, const char *overload)
{
    const cmops_kernel *product = cmops_find_kernel(name, overload);
    if (product == nullptr || strcmp(name, "cortex_m::quantized_add") != 0) {
        return product;
    }
    g_refusing_kernel = *product;
    g_refusing_kernel.fn = refuse_at_check;
    return &g_refusing_kernel;
}

TEST(arguments_a_kernel_refuses_fail_prepare_naming_the_argument)
{
    const AlignedBytes bytes(conv_block().pte);
    Program program;
    Diagnostic diag;
    EXPECT_STATUS(program.load(bytes.data(), bytes.size(), nullptr, &diag), Status::kOk, diag);
    std::vector<uint8_t> storage(program.single_arena_size() + 16);
    uint8_t *arena = storage.data() + (16 - reinterpret_cast<uintptr_t>(storage.data()) % 16) % 16;
    MemorySpan span = {arena, static_cast<size_t>(program.single_arena_size())};
    const uint64_t state_bytes = Method::call_state_size(program);
    std::vector<uint8_t> state_storage(state_bytes + 16);
    uint8_t *state =
        state_storage.data() + (16 - reinterpret_cast<uintptr_t>(state_storage.data()) % 16) % 16;
    Method method;
    EXPECT_STATUS(method.prepare(program, &span, 1, &diag, refusing_resolver, nullptr,
                                 MemorySpan{state, static_cast<size_t>(state_bytes)}),
                  Status::kArgumentsRejected, diag);
    EXPECT(contains(diag.detail, "cortex_m::quantized_add.out refused on argument "
                                 "self_zero_point (1): a scalar parameter is out of the "
                                 "supported range (cmops status 9)"));
    EXPECT(!method.is_prepared());
    // Too little call state is refused, by how much it needs.
    EXPECT_STATUS(method.prepare(program, &span, 1, &diag, nullptr, nullptr,
                                 MemorySpan{state, static_cast<size_t>(state_bytes - 1)}),
                  Status::kArenaTooSmall, diag);
    EXPECT(contains(diag.detail, "call state is " + std::to_string(state_bytes - 1) +
                                     " bytes; the program's prepared calls need " +
                                     std::to_string(state_bytes)));
}

// ---- Messages -----------------------------------------------------------------------------------

TEST(every_status_has_a_distinct_name_and_message)
{
    std::vector<std::string> names;
    for (uint32_t code = 0; code <= static_cast<uint32_t>(Status::kArgumentsRejected); ++code) {
        const Status status = static_cast<Status>(code);
        const std::string name = pte::status_name(status);
        EXPECT(name != "Unknown" && !name.empty());
        EXPECT(std::string(pte::status_message(status)).size() > 5);
        EXPECT(std::find(names.begin(), names.end(), name) == names.end());
        names.push_back(name);
    }
    EXPECT(std::string(pte::status_name(static_cast<Status>(999))) == "Unknown");
}

} // namespace
} // namespace testing
} // namespace m55ml

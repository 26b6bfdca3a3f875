/* Semihosting console, exit and file I/O, stack use, profile markers and a small formatter: the
 * part of board support every simulated board shares. */
#include <stdbool.h>
#include <string.h>

#include "cc/boards/common/board.h"

/* Arm semihosting operation numbers (Semihosting for AArch32 and AArch64, version 2). */
enum {
    SEMIHOSTING_SYS_OPEN = 0x01,
    SEMIHOSTING_SYS_CLOSE = 0x02,
    SEMIHOSTING_SYS_WRITE0 = 0x04,
    SEMIHOSTING_SYS_WRITE = 0x05,
    SEMIHOSTING_SYS_READ = 0x06,
    SEMIHOSTING_SYS_EXIT_EXTENDED = 0x20,
};

enum {
    SEMIHOSTING_OPEN_READ_BINARY = 1,  /* "rb" */
    SEMIHOSTING_OPEN_WRITE_BINARY = 5, /* "wb" */
    ADP_STOPPED_APPLICATION_EXIT = 0x20026,
};

static uint32_t semihosting_call(uint32_t operation, const void *argument)
{
    register uint32_t r0 __asm("r0") = operation;
    register const void *r1 __asm("r1") = argument;
    __asm volatile("bkpt 0xab" : "+r"(r0) : "r"(r1) : "memory");
    return r0;
}

void board_write(const char *text, size_t length)
{
    /* SYS_WRITE0 takes a NUL-terminated string, so send the text in terminated chunks. */
    char chunk[129];
    while (length > 0) {
        size_t n = length < sizeof chunk - 1 ? length : sizeof chunk - 1;
        memcpy(chunk, text, n);
        chunk[n] = '\0';
        semihosting_call(SEMIHOSTING_SYS_WRITE0, chunk);
        text += n;
        length -= n;
    }
}

void board_puts(const char *text)
{
    semihosting_call(SEMIHOSTING_SYS_WRITE0, text);
}

extern uint32_t __stack_top[], __stack_limit[];

size_t board_stack_size(void)
{
    return (size_t)((uint8_t *)__stack_top - (uint8_t *)__stack_limit);
}

size_t board_stack_used(void)
{
    const uint32_t *word = __stack_limit;
    while (word < __stack_top && *word == BOARD_STACK_PAINT) {
        ++word;
    }
    return (size_t)((const uint8_t *)__stack_top - (const uint8_t *)word);
}

void board_exit(int code)
{
    board_printf("board: stack used %lu of %lu bytes\n", (unsigned long)board_stack_used(),
                 (unsigned long)board_stack_size());
    /* Printed so simulators whose exit status does not carry the code (the FVP) still report it. */
    board_printf("board: exit %d\n", code);
    const uint32_t block[2] = {ADP_STOPPED_APPLICATION_EXIT, (uint32_t)code};
    semihosting_call(SEMIHOSTING_SYS_EXIT_EXTENDED, block);
    for (;;) {
        /* Only reached if the simulator ignores semihosting; its timeout ends the run. */
    }
}

static int open_host_file(const char *path, uint32_t mode)
{
    const uint32_t block[3] = {(uint32_t)(uintptr_t)path, mode, (uint32_t)strlen(path)};
    return (int)semihosting_call(SEMIHOSTING_SYS_OPEN, block);
}

long board_read_file(const char *path, void *buffer, size_t capacity)
{
    const int handle = open_host_file(path, SEMIHOSTING_OPEN_READ_BINARY);
    if (handle < 0) {
        return -1;
    }
    const uint32_t block[3] = {(uint32_t)handle, (uint32_t)(uintptr_t)buffer, (uint32_t)capacity};
    const uint32_t not_read = semihosting_call(SEMIHOSTING_SYS_READ, block);
    const uint32_t close_block[1] = {(uint32_t)handle};
    semihosting_call(SEMIHOSTING_SYS_CLOSE, close_block);
    return not_read > capacity ? -1 : (long)(capacity - not_read);
}

int board_write_file(const char *path, const void *data, size_t length)
{
    const int handle = open_host_file(path, SEMIHOSTING_OPEN_WRITE_BINARY);
    if (handle < 0) {
        return -1;
    }
    const uint32_t block[3] = {(uint32_t)handle, (uint32_t)(uintptr_t)data, (uint32_t)length};
    const uint32_t not_written = semihosting_call(SEMIHOSTING_SYS_WRITE, block);
    const uint32_t close_block[1] = {(uint32_t)handle};
    semihosting_call(SEMIHOSTING_SYS_CLOSE, close_block);
    return not_written == 0 ? 0 : -1;
}

/* Kept out of line and not inlined: the plugin keys on this function's first instruction. */
__attribute__((noinline, used)) void board_profile_marker(uint32_t tag)
{
    __asm volatile("" : : "r"(tag) : "memory");
}

/* --- formatter ------------------------------------------------------------------------------ */

typedef struct {
    char *buffer;
    size_t size;
    size_t length;
} format_sink;

static void sink_put(format_sink *sink, char c)
{
    if (sink->length + 1 < sink->size) {
        sink->buffer[sink->length] = c;
    }
    sink->length++;
}

static void sink_put_number(format_sink *sink, unsigned long long value, unsigned base, bool upper,
                            bool negative, int width, char pad)
{
    const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
    char reversed[24];
    int count = 0;
    do {
        reversed[count++] = digits[value % base];
        value /= base;
    } while (value != 0);
    int length = count + (negative ? 1 : 0);
    if (negative && pad == '0') {
        sink_put(sink, '-');
    }
    for (; length < width; ++length) {
        sink_put(sink, pad);
    }
    if (negative && pad != '0') {
        sink_put(sink, '-');
    }
    while (count > 0) {
        sink_put(sink, reversed[--count]);
    }
}

static void format_into(format_sink *sink, const char *format, va_list args)
{
    for (const char *p = format; *p != '\0'; ++p) {
        if (*p != '%') {
            sink_put(sink, *p);
            continue;
        }
        ++p;
        char pad = ' ';
        if (*p == '0') {
            pad = '0';
            ++p;
        }
        int width = 0;
        while (*p >= '0' && *p <= '9') {
            width = width * 10 + (*p++ - '0');
        }
        int longs = 0;
        while (*p == 'l') {
            ++longs;
            ++p;
        }
        switch (*p) {
        case 'd':
        case 'i': {
            long long value = longs >= 2   ? va_arg(args, long long)
                              : longs == 1 ? va_arg(args, long)
                                           : va_arg(args, int);
            unsigned long long magnitude =
                value < 0 ? 0ull - (unsigned long long)value : (unsigned long long)value;
            sink_put_number(sink, magnitude, 10, false, value < 0, width, pad);
            break;
        }
        case 'u':
        case 'x':
        case 'X': {
            unsigned long long value = longs >= 2   ? va_arg(args, unsigned long long)
                                       : longs == 1 ? va_arg(args, unsigned long)
                                                    : va_arg(args, unsigned int);
            sink_put_number(sink, value, *p == 'u' ? 10 : 16, *p == 'X', false, width, pad);
            break;
        }
        case 'p':
            sink_put(sink, '0');
            sink_put(sink, 'x');
            sink_put_number(sink, (uintptr_t)va_arg(args, void *), 16, false, false, 8, '0');
            break;
        case 'c':
            sink_put(sink, (char)va_arg(args, int));
            break;
        case 's': {
            const char *text = va_arg(args, const char *);
            if (text == NULL) {
                text = "(null)";
            }
            int length = (int)strlen(text);
            for (; length < width; ++length) {
                sink_put(sink, ' ');
            }
            while (*text != '\0') {
                sink_put(sink, *text++);
            }
            break;
        }
        case '%':
            sink_put(sink, '%');
            break;
        case '\0':
            return;
        default:
            /* Unknown conversion: show it rather than guess. */
            sink_put(sink, '%');
            sink_put(sink, *p);
            break;
        }
    }
}

size_t board_snprintf(char *buffer, size_t size, const char *format, ...)
{
    va_list args;
    va_start(args, format);
    format_sink sink = {buffer, size, 0};
    format_into(&sink, format, args);
    va_end(args);
    if (size > 0) {
        buffer[sink.length < size ? sink.length : size - 1] = '\0';
    }
    return sink.length;
}

void board_vprintf(const char *format, va_list args)
{
    char line[257];
    format_sink sink = {line, sizeof line, 0};
    format_into(&sink, format, args);
    const size_t length = sink.length < sizeof line ? sink.length : sizeof line - 1;
    board_write(line, length);
}

void board_printf(const char *format, ...)
{
    va_list args;
    va_start(args, format);
    board_vprintf(format, args);
    va_end(args);
}

/* newlib's exit path and abort() end here: leave the simulator with the code, never hang. */
__attribute__((noreturn)) void _exit(int code)
{
    board_exit(code);
}

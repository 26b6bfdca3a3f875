/* Copies the host file in.bin to out.bin through semihosting: exercises the runner's file I/O. */
#include <stdint.h>

#include "cc/boards/common/board.h"

int main(void)
{
    static uint8_t buffer[4096];
    const long length = board_read_file("in.bin", buffer, sizeof buffer);
    if (length < 0) {
        board_puts("echo_file: cannot open in.bin\n");
        return 2;
    }
    if (board_write_file("out.bin", buffer, (size_t)length) != 0) {
        board_puts("echo_file: cannot write out.bin\n");
        return 3;
    }
    board_printf("echo_file: copied %ld bytes\n", length);
    return 0;
}

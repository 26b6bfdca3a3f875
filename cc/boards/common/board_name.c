/* The board's name, compiled into each board's library (//cc/boards/<board>) with
 * -DBOARD_NAME=<board>: what a debugger or a memory dump shows the image was linked for. */
#include "cc/boards/common/board.h"

#define BOARD_STRINGIFY_(x) #x
#define BOARD_STRINGIFY(x) BOARD_STRINGIFY_(x)

const char board_name[] = BOARD_STRINGIFY(BOARD_NAME);

/* iodev/dma.h: the two 8237A DMA controllers of the PC/AT.
 *
 * Controller 1 (ports 0x00-0x0F) serves 8-bit channels 0-3; controller 2
 * (ports 0xC0-0xDF, registers at even addresses) serves 16-bit channels
 * 4-7, channel 4 being the cascade from controller 1. Page registers at
 * 0x80-0x8F give address bits 23:16 (channels 5-7: bits 23:17, the word
 * address supplying 16:1).
 */
#ifndef EMU_IODEV_DMA_H
#define EMU_IODEV_DMA_H

#include <stdbool.h>
#include <stddef.h>

struct machine;

void dma_init(struct machine *m);
/* Moves up to len bytes between buf and guest memory through channel ch
 * as a DMA request from an ISA device would: to_memory is the 8237's
 * "write transfer" (device to memory). Returns the number of bytes moved:
 * fewer than len when the channel is masked, or reaches terminal count
 * (then dma_terminal_count() is true until the next transfer). A verify
 * transfer moves no data but counts. For channels 5-7 len is in bytes and
 * is rounded down to whole words. */
size_t dma_transfer(struct machine *m, int ch, void *buf, size_t len, bool to_memory);
/* Did the last transfer on ch end at terminal count? */
bool dma_terminal_count(struct machine *m, int ch);
/* Is ch programmed and unmasked (a device may start a transfer)? */
bool dma_channel_ready(struct machine *m, int ch);

#endif

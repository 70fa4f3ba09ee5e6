#!/usr/bin/env python3
# make-ico.py SVG OUTPUT.ico: the Windows icon of walkround.exe and its installer, from the app's SVG icon.
#
# Each size is rendered with rsvg-convert and stored as a PNG inside the .ico, which Windows has read since
# Vista; the sizes are those Explorer, the taskbar and the Start menu ask for.
import struct
import subprocess
import sys

SIZES = (16, 24, 32, 48, 64, 128, 256)


def main():
    svg, output = sys.argv[1], sys.argv[2]
    images = [subprocess.run(['rsvg-convert', '-w', str(size), '-h', str(size), '-f', 'png', svg],
                             check=True, capture_output=True).stdout for size in SIZES]
    # ICONDIR: reserved, type 1 (icon), count; then one ICONDIRENTRY of 16 bytes per image.
    header = struct.pack('<HHH', 0, 1, len(images))
    offset = len(header) + 16 * len(images)
    entries = b''
    for size, png in zip(SIZES, images):
        if not png.startswith(b'\x89PNG\r\n\x1a\n'):
            sys.exit(f'rsvg-convert gave no PNG for {size}x{size}')
        # Width and height 0 mean 256; no palette; 1 plane; 32 bits a pixel.
        entries += struct.pack('<BBBBHHII', size % 256, size % 256, 0, 0, 1, 32, len(png), offset)
        offset += len(png)
    with open(output, 'wb') as f:
        f.write(header + entries + b''.join(images))


if __name__ == '__main__':
    main()

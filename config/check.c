/* config/check.c: every file the configuration names must be there when
 * emu starts, not only when the guest first touches it. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "config/bochsrc.h"

/* 0 if path can be read (a directory when dir is true), else errno */
static int probe(const char *path, bool dir)
{
    struct stat st;
    if (stat(path, &st) < 0)
        return errno;
    if (dir != !!S_ISDIR(st.st_mode))
        return dir ? ENOTDIR : EISDIR;
    if (access(path, R_OK) < 0)
        return errno;
    return 0;
}

static int need(struct config *cfg, const char *what, const char *path)
{
    int e = probe(path, false);
    if (e) {
        config_diag(cfg, "%s%s: %s", what, path, strerror(e));
        return -1;
    }
    return 0;
}

/* Removable media: a missing host drive (/dev/fd0, /dev/cdrom) is an empty
 * drive, as on a real PC; a missing image file is an error. origin is
 * "FILE:LINE" for a bochsrc line (key names the option) or the command-line
 * option (key NULL). */
static int media(struct config *cfg, const char *origin, const char *key, const char *param, char *path, bool dir,
                 bool removable, bool *inserted)
{
    int e = probe(path, dir);
    if (!e)
        return 0;
    char what[64] = "";
    if (key)
        snprintf(what, sizeof what, "%s: %s", key, param);
    if (removable && !strncmp(path, "/dev/", 5)) {
        config_diag(cfg, "%s: warning: %s%s%s: %s; the drive starts empty", origin, what, key ? "" : " ", path,
                    strerror(e));
        cfg->nwarnings++;
        *inserted = false;
        return 0;
    }
    config_diag(cfg, "%s%s%s%s: %s", origin, key ? ": " : " ", what, path, strerror(e));
    return -1;
}

/* --initrd FILE, or Multiboot modules "FILE ARGS,FILE ARGS"
 * (machine/multiboot.c): each FILE must be readable. */
static int need_initrd(struct config *cfg)
{
    if (!probe(cfg->initrd, false))
        return 0;
    if (!strchr(cfg->initrd, ',') && !strchr(cfg->initrd, ' '))
        return need(cfg, "--initrd ", cfg->initrd);
    for (const char *p = cfg->initrd; *p;) {
        p += strspn(p, " ,");
        size_t n = strcspn(p, " ,");
        if (n) {
            char *file = strndup(p, n);
            int r = file ? need(cfg, "--initrd ", file) : -1;
            free(file);
            if (r < 0)
                return -1;
        }
        p += n;
        p += strcspn(p, ","); /* skip the module's arguments */
    }
    return 0;
}

int config_check_files(struct config *cfg)
{
    if (cfg->kernel && need(cfg, "--kernel ", cfg->kernel) < 0)
        return -1;
    if (cfg->initrd && need_initrd(cfg) < 0)
        return -1;
    if (cfg->debugger_rc && need(cfg, "-rc ", cfg->debugger_rc) < 0)
        return -1;
    for (int ch = 0; ch < 4; ch++) {
        for (int d = 0; d < 2; d++) {
            struct ata_dev_cfg *a = &cfg->ata[ch][d];
            if (a->type == ATA_NONE || !a->path || !a->inserted)
                continue;
            const char *origin = a->origin ? a->origin : "configuration";
            char key[16];
            snprintf(key, sizeof key, "ata%d-%s", ch, d ? "slave" : "master");
            if (media(cfg, origin, origin[0] == '-' ? NULL : key, "path=", a->path, a->mode == IMG_VVFAT,
                      a->type == ATA_CDROM, &a->inserted) < 0)
                return -1;
        }
    }
    for (int i = 0; i < 2; i++) {
        struct floppy_cfg *f = &cfg->floppy[i];
        if (!f->path || !f->inserted)
            continue;
        const char *origin = f->origin ? f->origin : "configuration";
        char key[16];
        snprintf(key, sizeof key, "floppy%c", 'a' + i);
        if (media(cfg, origin, origin[0] == '-' ? NULL : key, "", f->path, false, true, &f->inserted) < 0)
            return -1;
    }
    return 0;
}

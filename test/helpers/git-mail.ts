// The real git binary reading mail, as `git am` does: mailsplit an mbox, mailinfo each message.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { tmpDir } from './tmp.js';

export interface MailInfo {
  /** git mailinfo's stdout: Author/Email/Subject/Date lines. */
  info: string;
  /** The commit message (the msg file). */
  msg: string;
  /** Everything git takes as the patch (the patch file), byte for byte. */
  patch: Buffer;
}

/** `git mailsplit` of an mbox file: the messages as git am sees them (From_ line gone, CRs dropped). */
export function mailsplit(file: string): Buffer[] {
  const dir = tmpDir('lkb-split-');
  execFileSync('git', ['mailsplit', `-o${dir}`, file], { stdio: ['ignore', 'pipe', 'pipe'] });
  const names = fs.readdirSync(dir).sort();
  const out = names.map((n) => fs.readFileSync(path.join(dir, n)));
  fs.rmSync(dir, { recursive: true, force: true });
  return out;
}

/** One message through `git mailsplit` (as a one-message mbox), as git am would read it. */
export function asGitReadsIt(raw: Buffer): Buffer {
  const dir = tmpDir('lkb-one-');
  const file = path.join(dir, 'one.mbox');
  fs.writeFileSync(file, Buffer.concat([Buffer.from('From git@z Thu Jan  1 00:00:00 1970\n'), raw]));
  const [m] = mailsplit(file);
  fs.rmSync(dir, { recursive: true, force: true });
  return m;
}

/** `git mailinfo msg patch < mail`. */
export function mailinfo(mail: Buffer): MailInfo {
  const dir = tmpDir('lkb-mi-');
  const msgFile = path.join(dir, 'msg');
  const patchFile = path.join(dir, 'patch');
  const info = execFileSync('git', ['mailinfo', msgFile, patchFile], { input: mail, stdio: ['pipe', 'pipe', 'pipe'] }).toString('utf8');
  const out = { info, msg: fs.readFileSync(msgFile, 'utf8'), patch: fs.readFileSync(patchFile) };
  fs.rmSync(dir, { recursive: true, force: true });
  return out;
}

/** One field of mailinfo's info output ("Subject", "Author", ...). */
export function infoField(info: string, name: string): string | undefined {
  return new RegExp(`^${name}: (.*)$`, 'm').exec(info)?.[1];
}

/** The trailer lines of a commit message: the "Name: value" lines of its last paragraph. */
export function trailerLines(msg: string): string[] {
  const paras = msg.trimEnd().split(/\n\s*\n/);
  const last = paras[paras.length - 1] ?? '';
  return last.split('\n').filter((l) => /^[A-Za-z0-9][A-Za-z0-9-]*:\s*\S/.test(l));
}

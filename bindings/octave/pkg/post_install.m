function post_install (desc)
% post_install (desc)
% Called by "pkg install" after the files are in place: says where the
% package went and whether that is a folder of the whole machine (Octave's
% pkg installs globally when run as root, unless -local is given).

% Copyright (C) 2026 the chaoslm authors.  GPL-3.0-or-later.
  printf ('chaoslm %s installed in %s\n', desc.version, desc.dir);
  home = getenv ('HOME');
  mine = ~ isempty (home) && strncmp (desc.dir, home, numel (home));
  system_dir = any (strncmp (desc.dir, {OCTAVE_HOME(), '/usr/', '/opt/'}, ...
                             cellfun (@numel, {OCTAVE_HOME(), '/usr/', '/opt/'})));
  if (system_dir && ~ mine)
    printf (['chaoslm: this is a global installation, for every user of the machine ' ...
             '(pkg installs globally when run as root).\n  For a private copy use ' ...
             '"pkg install -local ..." or choose the folder first with "pkg prefix DIR".\n']);
  end
  printf ('Load it with: pkg load chaoslm\n');
end

#!/usr/bin/env python3
# Copies each marked snippet region of weft-examples/src/test/java/dev/weft/docs into README.md
# and docs/ (the blocks DocSnippetsTest checks). Usage: bin/lib/sync-snippets.py [repo-root]
import re,os,glob,sys
root=sys.argv[1] if len(sys.argv)>1 else '.'
src=os.path.join(root,'weft-examples/src/test/java/dev/weft/docs')
M=re.compile(r'<!-- snippet: (\w+)#([\w-]+) -->')
def region(f,name):
    lines=open(os.path.join(src,f+'.java')).read().split('\n')
    start=None
    for i,l in enumerate(lines):
        if l.strip()=='// region '+name: start=i+1
        elif start is not None and l.strip()=='// endregion':
            body=lines[start:i]
            ind=min([len(l)-len(l.lstrip()) for l in body if l.strip()] or [0])
            return '\n'.join(['' if not l.strip() else l[ind:] for l in body]).strip()
    raise SystemExit('no region %s#%s'%(f,name))
docs=[os.path.join(root,'README.md')]+sorted(glob.glob(os.path.join(root,'docs/**/*.md'),recursive=True))
for d in docs:
    lines=open(d).read().split('\n'); out=[]; i=0; changed=False
    while i<len(lines):
        out.append(lines[i])
        if lines[i].strip()=='```java' and i>0 and M.match(lines[i-1].strip()):
            m=M.match(lines[i-1].strip()); j=i+1
            while lines[j].strip()!='```': j+=1
            new=region(m.group(1),m.group(2)).split('\n')
            if new!=lines[i+1:j]: changed=True
            out.extend(new); out.append('```'); i=j+1; continue
        i+=1
    if changed:
        open(d,'w').write('\n'.join(out)); print('updated',d)

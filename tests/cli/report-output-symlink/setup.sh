. "$(dirname "$0")/../lib/report-demo-setup.sh"
# an earlier report folder with a symbolic link planted at the PDF's
# temporary name, pointing at a file outside it
mkdir ut
echo "do not touch" >victim.txt
ln -s ../victim.txt ut/rapport.pdf.tmp

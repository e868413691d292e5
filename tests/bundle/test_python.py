"""The kbbundle Python binding on a bundle of the mini KB.

usage: test_python.py KBCHECK KB_DIR   (PYTHONPATH must hold the built module)"""
import os
import subprocess
import sys
import tempfile
import unittest

import kbbundle

KBCHECK, KB_DIR = sys.argv[1], sys.argv[2]


class BindingTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        cls.path = os.path.join(cls.tmp.name, "kb.kbb")
        subprocess.run([KBCHECK, "bundle", KB_DIR, "-o", cls.path, "--include", "submitted"],
                       check=True, stdout=subprocess.DEVNULL)
        cls.b = kbbundle.open(cls.path)

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def test_header(self):
        self.assertEqual(self.b.kb_id, "mini-kb")
        self.assertEqual(self.b.kb_version, "1.0.0")
        self.assertEqual(self.b.format_version, (1, 1))
        self.assertEqual(self.b.counts["evidence"], 3)
        self.assertEqual(self.b.counts["variants"], 2)

    def test_evidence_for(self):
        ev = self.b.evidence_for("rs4646")
        self.assertEqual(len(ev), 1)
        e = ev[0]
        self.assertEqual(e["id"], "EV0001")
        self.assertEqual(e["allele"], "A")
        self.assertEqual(e["direction"], "increased")
        self.assertEqual(e["context"]["ancestry"], ["east-asian"])
        self.assertEqual(e["study"]["size"], 272)
        self.assertAlmostEqual(e["study"]["statistic"]["value"], 0.61)
        self.assertEqual(e["study"]["statistic"]["ci"], (0.42, 0.88))
        self.assertEqual(e["citation"]["pmid"], 24065098)
        self.assertEqual(self.b.evidence_for("nope"), [])

    def test_genotypes_and_lookups(self):
        e = self.b.evidence("EV0002")
        self.assertIsNone(e["allele"])
        self.assertEqual(e["genotypes"], ["G/G", "A/G"])
        self.assertEqual(e["status"], "accepted")
        self.assertEqual(self.b.evidence("EV0003")["status"], "submitted")
        v = self.b.variant("rs4646")
        self.assertEqual(v["alleles"], ["C", "A"])
        self.assertEqual(v["location"]["pos"], 51210647)
        self.assertEqual(v["function"], [{"allele": "A", "effect": "decreased"}])
        self.assertEqual(self.b.phenotype("time-to-progression")["is_a"], ["treatment-outcome"])
        self.assertEqual(self.b.gene("CYP19A1")["roles"], [{"drug": "anastrozole", "role": "target"}])
        self.assertIsNone(self.b.gene("NOPE"))
        self.assertEqual(len(self.b.evidence_for_gene("CYP19A1")), 3)
        self.assertEqual(len(self.b.evidence_for_drug("anastrozole")), 3)
        self.assertEqual(len(self.b.all_evidence()), 3)

    def test_bad_file(self):
        bad = os.path.join(self.tmp.name, "bad.kbb")
        with open(bad, "wb") as f:
            f.write(b"KBBUNDLE" + b"\0" * 10)
        with self.assertRaises(ValueError) as cm:
            kbbundle.open(bad)
        self.assertIn("bad.kbb", str(cm.exception))

    def test_header_change_refused(self):
        # Byte 60 is the KB version's string id: format 1.1 covers the header.
        with open(self.path, "rb") as f:
            data = bytearray(f.read())
        data[60] ^= 1
        bad = os.path.join(self.tmp.name, "header.kbb")
        with open(bad, "wb") as f:
            f.write(data)
        with self.assertRaises(ValueError) as cm:
            kbbundle.open(bad)
        self.assertIn("checksum mismatch", str(cm.exception))


if __name__ == "__main__":
    unittest.main(argv=[sys.argv[0]], verbosity=2)

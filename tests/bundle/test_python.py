"""The kbbundle Python binding on a bundle of the mini KB.

usage: test_python.py KBCHECK KB_DIR FORMAT11_KB_DIR   (PYTHONPATH must hold the built module)"""
import os
import subprocess
import sys
import tempfile
import unittest

import kbbundle

KBCHECK, KB_DIR, FORMAT11_KB_DIR = sys.argv[1], sys.argv[2], sys.argv[3]


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

    def test_no_format11_content(self):
        v = self.b.variant("rs4646")
        self.assertEqual(v["gene"], "CYP19A1")
        self.assertEqual(v["system"], "locus")
        e = self.b.evidence("EV0001")
        self.assertEqual(e["subject"], "alleles")
        self.assertIsNone(e["gene_phenotype"])
        self.assertEqual(e["context"]["qualifiers"], {})
        self.assertEqual(self.b.evidence("EV0002")["subject"], "genotypes")
        self.assertEqual(self.b.drug("anastrozole")["members"], [])
        self.assertEqual(self.b.drug("anastrozole")["groups"], [])
        # No 1.1 content: a 1.1 bundle, which 1.1 and 1.0 readers read.
        for minor in (0, 1):
            self.assertEqual(kbbundle.open(self.path, reader_minor=minor).counts["evidence"], 3)

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


class Format11Test(unittest.TestCase):
    """The fixture KB that uses every record format 1.1 feature."""

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        cls.path = os.path.join(cls.tmp.name, "f11.kbb")
        subprocess.run([KBCHECK, "bundle", FORMAT11_KB_DIR, "-o", cls.path, "--include", "submitted"],
                       check=True, stdout=subprocess.DEVNULL)
        cls.b = kbbundle.open(cls.path)

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def test_version(self):
        self.assertEqual(self.b.format_version, (1, 2))

    def test_variants(self):
        self.assertEqual(self.b.variant("CYP2D6:star")["system"], "star")
        self.assertEqual(self.b.variant("HLA-B:hla")["system"], "hla")
        self.assertEqual(self.b.variant("SLC6A4:5-HTTLPR")["system"], "named")
        self.assertEqual(self.b.variant("UGT1A1:TA")["alleles"], ["(TA)6", "(TA)7"])
        intergenic = self.b.variant("rs2891356")
        self.assertIsNone(intergenic["gene"])
        self.assertEqual(intergenic["system"], "locus")

    def test_gene_phenotype(self):
        e = self.b.evidence("EV0007")
        self.assertEqual(e["subject"], "gene_phenotype")
        self.assertEqual(e["gene_phenotype"], {"gene": "CYP2D6", "value": "poor metabolizer"})
        self.assertEqual(e["compared_to"], ["normal metabolizer"])
        self.assertEqual(e["variant"], "")
        self.assertEqual(self.b.evidence("EV0009")["subject"], "genotypes")
        self.assertIn("EV0008", [x["id"] for x in self.b.evidence_for_gene("CYP2D6")])

    def test_qualifiers_and_associated(self):
        e = self.b.evidence("EV0003")
        self.assertEqual(e["context"]["qualifiers"],
                         {"disease-stage": "early", "menopausal-status": "premenopausal"})
        self.assertEqual(e["context"]["sex"], "female")
        self.assertEqual(self.b.evidence("EV0002")["direction"], "associated")

    def test_groups(self):
        g = self.b.drug("aromatase-inhibitors")
        self.assertEqual(g["members"], ["anastrozole", "letrozole", "exemestane"])
        self.assertEqual(g["groups"], [])
        self.assertEqual(self.b.drug("letrozole")["groups"], ["aromatase-inhibitors"])
        self.assertEqual(self.b.drug("tamoxifen")["groups"], [])

    def test_older_reader_refuses(self):
        with self.assertRaises(ValueError) as cm:
            kbbundle.open(self.path, reader_minor=1)
        msg = str(cm.exception)
        self.assertIn("bundle format 1.2 requires section", msg)
        self.assertIn("unknown to this reader (format 1.1)", msg)


if __name__ == "__main__":
    unittest.main(argv=[sys.argv[0]], verbosity=2)

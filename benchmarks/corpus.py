"""A corpus generator for the benchmarks: notes that look like the real ones at any size.

Each note mixes the question styles the splitter knows (`## Q` headings, numbered bold items, bold
lines), Chinese text built from the vocabulary, inline and display math, ==highlights==, Typora
image paths (some of them missing), and a share of questions that other notes ask again in other
words (synonyms from the vocabulary), so the merge has real work. Deterministic for a seed.

    python benchmarks/corpus.py OUT_DIR --questions 1000 [--seed 1]
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from notes_normalizer.language.vocabulary import vocabulary  # noqa: E402

# Every wording names two concepts, so distinct questions rarely collide by chance even at 10,000.
ASKS = ["{x}中{c}对{d}的作用是什么？", "为什么{x}需要{c}来配合{d}？", "{x}里{c}结合{d}的原理",
        "{c}和{d}一起用于{x}有哪些缺点？", "{x}中如何根据{d}计算{c}？", "{x}里{c}和{d}的区别？",
        "{x}中的{c}与{d}是什么关系？", "{c}相对{d}在{x}中的优缺点", "怎么理解{x}中{c}对{d}的影响？",
        "{x}的{c}和{d}在训练和预测时有什么差别？"]
SETTINGS = ["图像分类", "目标检测", "语义分割", "机器翻译", "语音识别", "推荐系统", "文本分类", "人脸识别",
            "强化学习", "时间序列预测", "图像生成", "问答系统", "情感分析", "超分辨率", "姿态估计", "医学影像",
            "自动驾驶", "点云处理", "图神经网络", "小样本学习", "知识蒸馏场景", "多任务学习", "联邦学习",
            "视频理解", "OCR", "异常检测", "风格迁移", "命名实体识别", "语音合成", "图像检索"]
FILLER = ["在实际训练中", "一般来说", "从公式可以看出", "这样做的好处是", "需要注意的是", "面试时常被追问",
          "直观地理解", "换句话说", "结合反向传播来看", "实验表明"]
FORMULAS = [r"y = \sigma(Wx + b)", r"L = -\sum_i y_i \log \hat y_i", r"\frac{\partial L}{\partial w} = x \delta",
            r"\hat x = \frac{x - \mu}{\sqrt{\sigma^2 + \epsilon}}", r"f(x) = \max(0, x)",
            r"h_t = \tanh(W h_{t-1} + U x_t)", r"o = \lfloor (n - k + 2p) / s \rfloor + 1"]
DUPLICATE_SHARE = 0.2  # of the questions are asked again, reworded, in another note
QUESTIONS_PER_NOTE = 40


def _sentence(rng: random.Random, concepts: list[str]) -> str:
    a, b = rng.sample(concepts, 2)
    return f"{rng.choice(FILLER)}，{a}会影响{b}的表现，=={a}是关键==。"


def _answer(rng: random.Random, concept: str, concepts: list[str], number: int) -> list[str]:
    lines = [f"{concept}：" + _sentence(rng, concepts) + f"其中 ${rng.choice(FORMULAS)}$。", ""]
    if number % 3 == 0:
        lines += ["$$", rng.choice(FORMULAS) + f" + {number % 7}", "$$", ""]
    if number % 5 == 0:
        missing = "missing" if number % 10 == 0 else "fig"
        lines += [f'<img src="/Users/someone/notes/img/{missing}-{number}.png" style="zoom:50%">', ""]
    lines += [f"- {_sentence(rng, concepts)}", f"- {_sentence(rng, concepts)}", ""]
    return lines


def _question(rng: random.Random, names: list[str], synonyms: dict[str, list[str]], reword: bool) -> str:
    concept, other = rng.sample(names, 2)
    template, setting = rng.choice(ASKS), rng.choice(SETTINGS)
    if reword and synonyms.get(concept):
        concept = rng.choice(synonyms[concept])
    return template.format(c=concept, d=other, x=setting)


def generate(out: Path, questions: int, seed: int = 1) -> list[Path]:
    rng = random.Random(seed)
    words = vocabulary()
    names = sorted(words.concepts)
    synonyms = {name: [s for s in words.concepts[name] if s != name] for name in names}
    out.mkdir(parents=True, exist_ok=True)
    (out / "img").mkdir(exist_ok=True)
    notes = max(1, questions // QUESTIONS_PER_NOTE)
    asked: list[str] = []
    written = []
    for note in range(notes):
        style = note % 3
        lines = [f"# 深度学习面试笔记 {note + 1}", ""]
        for number in range(QUESTIONS_PER_NOTE if note < notes - 1 else questions - QUESTIONS_PER_NOTE * note):
            index = note * QUESTIONS_PER_NOTE + number
            if asked and rng.random() < DUPLICATE_SHARE:
                wording = _question(random.Random(asked[rng.randrange(len(asked))]), names, synonyms, True)
            else:
                seed_text = f"{seed}-{index}"
                asked.append(seed_text)
                wording = _question(random.Random(seed_text), names, synonyms, False)
            concept = rng.choice(names)
            answer = _answer(rng, concept, names, index)
            if style == 0:
                lines += [f"## Q{number + 1}：{wording}", "", *answer]
            elif style == 1:
                lines += [f"{number + 1}. **{wording}**", "", *("    " + line if line else "" for line in answer)]
            else:
                lines += [f"**{number + 1}、{wording}**", "", *answer]
        path = out / f"note-{note + 1:04d}.md"
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        written.append(path)
        for number in range(0, QUESTIONS_PER_NOTE, 5):  # the images that exist
            index = note * QUESTIONS_PER_NOTE + number
            if index % 10 != 0:
                (out / "img" / f"fig-{index}.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--questions", type=int, default=105)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    written = generate(args.out, args.questions, args.seed)
    print(f"wrote {len(written)} notes with {args.questions} questions to {args.out}")


if __name__ == "__main__":
    main()

# ruff: noqa: E501  (the YAML in the templates is written one layer per line, as in specs/)
"""Write the zoo: convcalc/zoo/*.yaml, one spec per torchvision model.

    python tools/write_zoo.py [--check]

It also writes convcalc/zoo/catalog.json, each entry's input, parameters and MACs as the engine
computes them, which `convcalc zoo` lists.

Each family is one template (its blocks written once, parameterised) filled in per size with
the numbers torchvision's builders use, so the sizes of a family share their structure and a
reader sees one network, not a generator's output. The specs are checked against torchvision
module by module by tests/test_zoo.py (the truth is tests/fixtures/torchvision_zoo.json.gz, never
this script). `--check` only reports whether a written spec differs from what this script writes.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
import textwrap
from collections.abc import Callable, Iterator
from pathlib import Path

ZOO = Path(__file__).resolve().parent.parent / "convcalc" / "zoo"

Writer = Callable[[], Iterator[tuple[str, str]]]
FAMILIES: list[Writer] = []


def family(writer: Writer) -> Writer:
    FAMILIES.append(writer)
    return writer


def header(text: str) -> str:
    """The spec's opening comment: each paragraph of `text` wrapped at 98 columns."""
    paragraphs = [" ".join(part.split()) for part in text.strip().split("\n\n")]
    wrapped = "\n\n".join(textwrap.fill(part, 96, break_on_hyphens=False) for part in paragraphs)
    return "".join(f"# {line}".rstrip() + "\n" for line in wrapped.splitlines())


# ---------------------------------------------------------------------------- AlexNet


@family
def alexnet() -> Iterator[tuple[str, str]]:
    yield (
        "alexnet",
        header("""
AlexNet as torchvision.models.alexnet builds it: the one-tower variant of Krizhevsky,
"One weird trick for parallelizing convolutional neural networks", arXiv:1404.5997, 2014
(64/192/384/256/256 filters), after Krizhevsky, Sutskever and Hinton, NeurIPS 2012.
Layer names are torchvision's module names.

`avgpool` is AdaptiveAvgPool2d((6, 6)): at 224×224 the features already end at 6×6×256.
`flatten` is torch.flatten(x, 1), not a module.
""")
        + """name: alexnet
input: [224, 224, 3]
layers:
  - {type: conv, name: features.0, filters: 64, kernel: 11, stride: 4, padding: 2}  # 55×55×64
  - {type: relu, name: features.1}
  - {type: maxpool, name: features.2, kernel: 3, stride: 2}                  # 27×27×64
  - {type: conv, name: features.3, filters: 192, kernel: 5, padding: 2}
  - {type: relu, name: features.4}
  - {type: maxpool, name: features.5, kernel: 3, stride: 2}                  # 13×13×192
  - {type: conv, name: features.6, filters: 384, kernel: 3, padding: 1}
  - {type: relu, name: features.7}
  - {type: conv, name: features.8, filters: 256, kernel: 3, padding: 1}
  - {type: relu, name: features.9}
  - {type: conv, name: features.10, filters: 256, kernel: 3, padding: 1}
  - {type: relu, name: features.11}
  - {type: maxpool, name: features.12, kernel: 3, stride: 2}                 # 6×6×256
  - {type: adaptive_avgpool, name: avgpool, output_size: 6}
  - {type: flatten, name: flatten}                                           # 9,216
  - {type: dropout, name: classifier.0, rate: 0.5}
  - {type: dense, name: classifier.1, units: 4096}
  - {type: relu, name: classifier.2}
  - {type: dropout, name: classifier.3, rate: 0.5}
  - {type: dense, name: classifier.4, units: 4096}
  - {type: relu, name: classifier.5}
  - {type: dense, name: classifier.6, units: 1000}
""",
    )


# ---------------------------------------------------------------------------- VGG

VGG_STAGES = {  # convolutions per stage (configurations A, B, D, E of the paper's table 1)
    11: (1, 1, 2, 2, 2),
    13: (2, 2, 2, 2, 2),
    16: (2, 2, 3, 3, 3),
    19: (2, 2, 4, 4, 4),
}


@family
def vgg() -> Iterator[tuple[str, str]]:
    for depth, convs in VGG_STAGES.items():
        for bn in (False, True):
            name = f"vgg{depth}" + ("_bn" if bn else "")
            norm = "\n      - {type: batchnorm}" if bn else ""
            per_conv = 3 if bn else 2
            pools = []
            index = 0
            for stage_convs in convs:
                index += stage_convs * per_conv
                pools.append(index)
                index += 1
            stages = "\n".join(
                f"  - {{type: stage, name: features, flat: true, convs: {count}, "
                f"filters: {filters}}}"
                for count, filters in zip(convs, (64, 128, 256, 512, 512), strict=True)
            )
            what = "with batch normalisation after every conv" if bn else ""
            yield (
                name,
                header(f"""
VGG-{depth} {what} as torchvision.models.{name} builds it (Simonyan and Zisserman, "Very
Deep Convolutional Networks for Large-Scale Image Recognition", ICLR 2015, table 1,
configuration {"ABDE"[list(VGG_STAGES).index(depth)]}).

torchvision's `features` is one flat Sequential: each stage is used `flat`, so its layers are
numbered into it (conv{", batchnorm" if bn else ""}, relu per conv, then the stage's maxpool: the
pools are features.{", ".join(str(p) for p in pools)}). `avgpool` is AdaptiveAvgPool2d((7, 7)), the
identity at 224×224; `flatten` is torch.flatten(x, 1).
""")
                + f"""name: {name}
input: [224, 224, 3]
blocks:
  stage:
    args: {{convs: null, filters: null}}
    layers:
      - {{type: conv_{"bn_" if bn else ""}relu, flat: true, repeat: $convs, filters: $filters}}
      - {{type: maxpool, kernel: 2, stride: 2}}
  conv_{"bn_" if bn else ""}relu:
    args: {{filters: null}}
    layers:
      - {{type: conv, filters: $filters, kernel: 3, padding: 1}}{norm}
      - relu
layers:
{stages}
  - {{type: adaptive_avgpool, name: avgpool, output_size: 7}}
  - {{type: flatten, name: flatten}}                                        # 25,088
  - {{type: dense, name: classifier.0, units: 4096}}
  - {{type: relu, name: classifier.1}}
  - {{type: dropout, name: classifier.2, rate: 0.5}}
  - {{type: dense, name: classifier.3, units: 4096}}
  - {{type: relu, name: classifier.4}}
  - {{type: dropout, name: classifier.5, rate: 0.5}}
  - {{type: dense, name: classifier.6, units: 1000}}
""",
            )


# ---------------------------------------------------------------------------- ResNet family

RESNET_BLOCKS = {18: (2, 2, 2, 2), 34: (3, 4, 6, 3), 50: (3, 4, 6, 3), 101: (3, 4, 23, 3)}
RESNET_BLOCKS[152] = (3, 8, 36, 3)

BASIC_BLOCK = """\
  basic:                          # torchvision's BasicBlock (two 3×3 convs)
    args: {width: null, stride: 1, downsample: false}
    layers:
      - {type: conv, name: conv1, filters: $width, kernel: 3, stride: $stride, padding: 1, bias: false}
      - {type: batchnorm, name: bn1}
      - {type: relu, name: relu1}
      - {type: conv, name: conv2, filters: $width, kernel: 3, padding: 1, bias: false}
      - {type: batchnorm, name: bn2}
      - {type: conv, name: downsample.0, from: input, filters: $width, kernel: 1, stride: $stride, bias: false, if: $downsample}
      - {type: batchnorm, name: downsample.1, if: $downsample}
      - {type: add, name: add, from: [bn2, downsample.1]}
      - {type: relu, name: relu2}
"""

BOTTLENECK = """\
  bottleneck:                     # torchvision's Bottleneck (1×1, 3×3, 1×1; stride on the 3×3)
    args: {width: null, out: null, stride: 1, groups: 1, dilation: 1, downsample: false}
    layers:
      - {type: conv, name: conv1, filters: $width, kernel: 1, bias: false}
      - {type: batchnorm, name: bn1}
      - {type: relu, name: relu1}
      - {type: conv, name: conv2, filters: $width, kernel: 3, stride: $stride, padding: $dilation, dilation: $dilation, groups: $groups, bias: false}
      - {type: batchnorm, name: bn2}
      - {type: relu, name: relu2}
      - {type: conv, name: conv3, filters: $out, kernel: 1, bias: false}
      - {type: batchnorm, name: bn3}
      - {type: conv, name: downsample.0, from: input, filters: $out, kernel: 1, stride: $stride, bias: false, if: $downsample}
      - {type: batchnorm, name: downsample.1, if: $downsample}
      - {type: add, name: add, from: [bn3, downsample.1]}
      - {type: relu, name: relu3}
"""

RESNET_NOTES = """
A block calls its one `relu` module two (BasicBlock) or three (Bottleneck) times; the spec
writes relu1, relu2[, relu3]. The first block of a stage projects the shortcut (downsample.0/.1)
where the shape changes. The add is torchvision's functional `out += identity`; `flatten` is
torch.flatten(x, 1). Info CC104 on the stride-2 layers: the division floors (as in torchvision)
and the remainder is only padding.
"""


def resnet_stem(prefix: str = "") -> str:
    return f"""\
  - {{type: conv, name: {prefix}conv1, filters: 64, kernel: 7, stride: 2, padding: 3, bias: false}}
  - {{type: batchnorm, name: {prefix}bn1}}
  - {{type: relu, name: {prefix}relu}}
  - {{type: maxpool, name: {prefix}maxpool, kernel: 3, stride: 2, padding: 1}}                  # 56×56×64
"""


def resnet_stages(
    blocks: tuple[int, ...],
    bottleneck: bool,
    width_factor: float = 1,
    groups: int = 1,
    prefix: str = "",
    dilated: bool = False,
) -> str:
    lines = []
    for stage, (count, planes) in enumerate(zip(blocks, (64, 128, 256, 512), strict=True)):
        name = f"{prefix}layer{stage + 1}"
        stride = 1 if stage == 0 else 2
        if not bottleneck:
            first = "{downsample: true, stride: 2}" if stride == 2 else None
            text = f"  - {{type: basic, name: {name}, repeat: {count}, width: {planes}"
            lines.append(text + (f", first: {first}}}" if first else "}"))
            continue
        width = int(planes * width_factor) * groups
        arguments = f"width: {width}, out: {planes * 4}"
        if groups > 1:
            arguments += f", groups: {groups}"
        if dilated and stage >= 2:
            # replace_stride_with_dilation: stride 1, the dilation doubles from the second block
            # on (the first keeps the previous stage's).
            dilation = 2 if stage == 2 else 4
            first = f"{{downsample: true, dilation: {dilation // 2}}}"
            arguments += f", dilation: {dilation}"
        else:
            first = "{downsample: true}" if stride == 1 else "{downsample: true, stride: 2}"
        lines.append(
            f"  - {{type: bottleneck, name: {name}, repeat: {count}, {arguments}, first: {first}}}"
        )
    return "\n".join(lines) + "\n"


RESNET_HEAD = """\
  - {type: adaptive_avgpool, name: avgpool, output_size: 1}
  - {type: flatten, name: flatten}
  - {type: dense, name: fc, units: 1000}
"""


@family
def resnet() -> Iterator[tuple[str, str]]:
    paper = (
        'He, Zhang, Ren and Sun, "Deep Residual Learning for Image Recognition", CVPR 2016, table 1'
    )
    for depth, blocks in RESNET_BLOCKS.items():
        bottleneck = depth >= 50
        kind = "Bottleneck" if bottleneck else "BasicBlock"
        yield (
            f"resnet{depth}",
            header(f"""
ResNet-{depth} as torchvision.models.resnet{depth} builds it ({paper}; the stride sits on the
3×3 conv, torchvision's "ResNet v1.5"). {kind}s per stage: {", ".join(map(str, blocks))}.
{RESNET_NOTES}""")
            + (
                f"name: resnet{depth}\ninput: [224, 224, 3]\nblocks:\n"
                + (BOTTLENECK if bottleneck else BASIC_BLOCK)
                + "layers:\n"
                + resnet_stem()
                + resnet_stages(blocks, bottleneck)
                + RESNET_HEAD
            ),
        )
    variants = {
        "resnext50_32x4d": (50, 32, 4 / 64, "ResNeXt-50 32×4d"),
        "resnext101_32x8d": (101, 32, 8 / 64, "ResNeXt-101 32×8d"),
        "resnext101_64x4d": (101, 64, 4 / 64, "ResNeXt-101 64×4d"),
    }
    for name, (depth, groups, factor, title) in variants.items():
        yield (
            name,
            header(f"""
{title} as torchvision.models.{name} builds it (Xie, Girshick, Dollár, Tu and He, "Aggregated
Residual Transformations for Deep Neural Networks", CVPR 2017): ResNet-{depth}'s Bottleneck
with a grouped 3×3 conv ({groups} groups; width = planes × {int(factor * 64)}/64 × {groups}).
{RESNET_NOTES}""")
            + (
                f"name: {name}\ninput: [224, 224, 3]\nblocks:\n"
                + BOTTLENECK
                + "layers:\n"
                + resnet_stem()
                + resnet_stages(RESNET_BLOCKS[depth], True, factor, groups)
                + RESNET_HEAD
            ),
        )
    for depth in (50, 101):
        name = f"wide_resnet{depth}_2"
        yield (
            name,
            header(f"""
Wide ResNet-{depth}-2 as torchvision.models.{name} builds it (Zagoruyko and Komodakis, "Wide
Residual Networks", BMVC 2016): ResNet-{depth}'s Bottleneck with the inner 1×1 and 3×3 convs
twice as wide; the outer widths are ResNet's.
{RESNET_NOTES}""")
            + (
                f"name: {name}\ninput: [224, 224, 3]\nblocks:\n"
                + BOTTLENECK
                + "layers:\n"
                + resnet_stem()
                + resnet_stages(RESNET_BLOCKS[depth], True, 2)
                + RESNET_HEAD
            ),
        )


# ---------------------------------------------------------------------------- segmentation

FCN_HEAD = """\
  fcn_head:                       # torchvision's FCNHead: 3×3 conv to a quarter, then 1×1
    args: {hidden: null, classes: 21}
    layers:
      - {type: conv, name: 0, filters: $hidden, kernel: 3, padding: 1, bias: false}
      - {type: batchnorm, name: 1}
      - {type: relu, name: 2}
      - {type: dropout, name: 3, rate: 0.1}
      - {type: conv, name: 4, filters: $classes, kernel: 1}
"""

ASPP = """\
  conv_bn_relu:                   # a Sequential: 0 conv, 1 bn, 2 relu
    args: {filters: 256, kernel: 1, padding: 0, dilation: 1}
    layers:
      - {type: conv, name: 0, filters: $filters, kernel: $kernel, padding: $padding, dilation: $dilation, bias: false}
      - {type: batchnorm, name: 1}
      - {type: relu, name: 2}
  aspp:                           # torchvision's ASPP: five branches, torch.cat, project
    args: {size: null}
    layers:
      - {type: conv_bn_relu, name: convs.0}
      - {type: conv_bn_relu, name: convs.1, from: input, kernel: 3, padding: 12, dilation: 12}
      - {type: conv_bn_relu, name: convs.2, from: input, kernel: 3, padding: 24, dilation: 24}
      - {type: conv_bn_relu, name: convs.3, from: input, kernel: 3, padding: 36, dilation: 36}
      - {type: adaptive_avgpool, name: convs.4.0, from: input, output_size: 1}
      - {type: conv, name: convs.4.1, filters: 256, kernel: 1, bias: false}
      - {type: batchnorm, name: convs.4.2}
      - {type: relu, name: convs.4.3}
      - {type: upsample, name: convs.4.resize, size: $size, mode: bilinear}
      - {type: concat, name: cat, from: [convs.0, convs.1, convs.2, convs.3, convs.4.resize]}
      - {type: conv, name: project.0, filters: 256, kernel: 1, bias: false}
      - {type: batchnorm, name: project.1}
      - {type: relu, name: project.2}
      - {type: dropout, name: project.3, rate: 0.5}
"""

SEGMENTATION_NOTES = """
The backbone is ResNet-{depth} with torchvision's replace_stride_with_dilation=[False, True,
True]: layer3 and layer4 keep stride 1 and dilate their 3×3 convs (2 and 4; each stage's first
block keeps the previous dilation), so the features end at 1/8 of the input. The heads read
layer4 (`out`) and layer3 (`aux`, the auxiliary loss's head, built with the published weights);
each result is resized back to the input (F.interpolate, bilinear): `upsample` by 8.
Input: the published evaluation size, 520×520 (resize_size).
"""


@family
def segmentation() -> Iterator[tuple[str, str]]:
    for depth in (50, 101):
        stages = resnet_stages(RESNET_BLOCKS[depth], True, prefix="backbone.", dilated=True)
        name = f"fcn_resnet{depth}"
        yield (
            name,
            header(f"""
FCN with a ResNet-{depth} backbone as torchvision.models.segmentation.{name} builds it (Long,
Shelhamer and Darrell, "Fully Convolutional Networks for Semantic Segmentation", CVPR 2015;
torchvision's variant on a dilated ResNet), 21 classes (COCO with VOC's categories).
{SEGMENTATION_NOTES.format(depth=depth)}""")
            + (
                f"name: {name}\ninput: [520, 520, 3]\nblocks:\n"
                + BOTTLENECK
                + FCN_HEAD
                + "layers:\n"
                + resnet_stem("backbone.")
                + stages
                + "  - {type: fcn_head, name: classifier, hidden: 512}\n"
                + "  - {type: upsample, name: out, scale: 8, mode: bilinear}\n"
                + "  - {type: fcn_head, name: aux_classifier, from: backbone.layer3, hidden: 256}\n"
                + "  - {type: upsample, name: aux, scale: 8, mode: bilinear}\n"
                + "outputs: [out, aux]\n"
            ),
        )
        name = f"deeplabv3_resnet{depth}"
        yield (
            name,
            header(f"""
DeepLabV3 with a ResNet-{depth} backbone as torchvision.models.segmentation.{name} builds it
(Chen, Papandreou, Schroff and Adam, "Rethinking Atrous Convolution for Semantic Image
Segmentation", arXiv:1706.05587, 2017), 21 classes. The head is ASPP (a 1×1 conv, three 3×3
convs dilated 12, 24 and 36, and image pooling), joined by torch.cat and projected to 256.
{SEGMENTATION_NOTES.format(depth=depth)}
ASPP's image-pooling branch averages the whole map and resizes the 1×1 result back to the map
(F.interpolate to x.shape[-2:]): `upsample` to 65×65, the feature map at 520×520. That size is
written as a number, so this spec is exact at its own input; at another input, set
classifier.0.size (`--set classifier.0.size=28` at 224×224) to the input's eighth.
""")
            + (
                f"name: {name}\ninput: [520, 520, 3]\nblocks:\n"
                + BOTTLENECK
                + FCN_HEAD
                + ASPP
                + "layers:\n"
                + resnet_stem("backbone.")
                + stages
                + "  - {type: aspp, name: classifier.0, size: 65}\n"
                + "  - {type: conv, name: classifier.1, filters: 256, kernel: 3, padding: 1, bias: false}\n"
                + "  - {type: batchnorm, name: classifier.2}\n"
                + "  - {type: relu, name: classifier.3}\n"
                + "  - {type: conv, name: classifier.4, filters: 21, kernel: 1}\n"
                + "  - {type: upsample, name: out, scale: 8, mode: bilinear}\n"
                + "  - {type: fcn_head, name: aux_classifier, from: backbone.layer3, hidden: 256}\n"
                + "  - {type: upsample, name: aux, scale: 8, mode: bilinear}\n"
                + "outputs: [out, aux]\n"
            ),
        )


# ---------------------------------------------------------------------------- DenseNet

DENSENETS = {  # growth rate, initial features, layers per dense block
    121: (32, 64, (6, 12, 24, 16)),
    161: (48, 96, (6, 12, 36, 24)),
    169: (32, 64, (6, 12, 32, 32)),
    201: (32, 64, (6, 12, 48, 32)),
}


@family
def densenet() -> Iterator[tuple[str, str]]:
    for depth, (growth, initial, blocks) in DENSENETS.items():
        lines = []
        channels = initial
        for index, count in enumerate(blocks):
            lines.append(
                f"  - {{type: dense_block, name: features.denseblock{index + 1}, repeat: {count}, "
                f'names: "denselayer{{n}}", growth: {growth}}}'
            )
            channels += count * growth
            if index < len(blocks) - 1:
                channels //= 2
                lines.append(
                    f"  - {{type: transition, name: features.transition{index + 1}, "
                    f"filters: {channels}}}"
                )
        stages = "\n".join(lines)
        yield (
            f"densenet{depth}",
            header(f"""
DenseNet-{depth} as torchvision.models.densenet{depth} builds it (Huang, Liu, van der Maaten and
Weinberger, "Densely Connected Convolutional Networks", CVPR 2017, table 1): growth rate
{growth}, {initial} initial features, {", ".join(map(str, blocks))} layers per dense block, bottleneck width
4 × growth, transitions halving the channels.

torchvision names the layers of a dense block denselayer1, denselayer2, … (`names:`). Each
layer's torch.cat of everything before it is written as the `cat` that ends the layer before:
a layer's output here is its input and its new features together (torchvision's layer module
returns the new features alone; its params and buffers are the same). `relu` after norm5 and the
pooling are functional (F.relu, F.adaptive_avg_pool2d).
""")
            + f"""name: densenet{depth}
input: [224, 224, 3]
blocks:
  dense_block:                    # torchvision's _DenseLayer, with the concatenation after it
    args: {{growth: null}}
    layers:
      - {{type: batchnorm, name: norm1}}
      - {{type: relu, name: relu1}}
      - {{type: conv, name: conv1, filters: {4 * growth}, kernel: 1, bias: false}}
      - {{type: batchnorm, name: norm2}}
      - {{type: relu, name: relu2}}
      - {{type: conv, name: conv2, filters: $growth, kernel: 3, padding: 1, bias: false}}
      - {{type: concat, name: cat, from: [input, conv2]}}
  transition:                     # torchvision's _Transition
    args: {{filters: null}}
    layers:
      - {{type: batchnorm, name: norm}}
      - {{type: relu, name: relu}}
      - {{type: conv, name: conv, filters: $filters, kernel: 1, bias: false}}
      - {{type: avgpool, name: pool, kernel: 2, stride: 2}}
layers:
  - {{type: conv, name: features.conv0, filters: {initial}, kernel: 7, stride: 2, padding: 3, bias: false}}
  - {{type: batchnorm, name: features.norm0}}
  - {{type: relu, name: features.relu0}}
  - {{type: maxpool, name: features.pool0, kernel: 3, stride: 2, padding: 1}}       # 56×56
{stages}
  - {{type: batchnorm, name: features.norm5}}                               # 7×7×{channels}
  - {{type: relu, name: relu}}
  - {{type: adaptive_avgpool, name: pool, output_size: 1}}
  - {{type: flatten, name: flatten}}
  - {{type: dense, name: classifier, units: 1000}}
""",
        )


# ---------------------------------------------------------------------------- SqueezeNet


@family
def squeezenet() -> Iterator[tuple[str, str]]:
    fire = """\
  fire:                           # torchvision's Fire: squeeze 1×1, then 1×1 and 3×3 expands side by side
    args: {squeeze: null, expand: null}
    layers:
      - {type: conv, name: squeeze, filters: $squeeze, kernel: 1}
      - {type: relu, name: squeeze_activation}
      - {type: conv, name: expand1x1, filters: $expand, kernel: 1}
      - {type: relu, name: expand1x1_activation}
      - {type: conv, name: expand3x3, from: squeeze_activation, filters: $expand, kernel: 3, padding: 1}
      - {type: relu, name: expand3x3_activation}
      - {type: concat, name: cat, from: [expand1x1_activation, expand3x3_activation]}
"""
    versions = {
        "squeezenet1_0": (
            "1.0: a 7×7 stem with 96 filters, pools after fire4 and fire8",
            "{type: conv, name: features.0, filters: 96, kernel: 7, stride: 2}",
            [(16, 64), (16, 64), (32, 128), "pool", (32, 128), (48, 192), (48, 192), (64, 256)],
            ["pool", (64, 256)],
        ),
        "squeezenet1_1": (
            "1.1 (SqueezeNet's repository): a 3×3 stem with 64 filters, pools after fire3 and "
            "fire5, 2.4× less computation",
            "{type: conv, name: features.0, filters: 64, kernel: 3, stride: 2}",
            [(16, 64), (16, 64), "pool", (32, 128), (32, 128), "pool"],
            [(48, 192), (48, 192), (64, 256), (64, 256)],
        ),
    }
    for name, (what, stem, middle, last) in versions.items():
        lines = [f"  - {stem}", "  - {type: relu, name: features.1}"]
        lines.append("  - {type: maxpool, name: features.2, kernel: 3, stride: 2, ceil_mode: true}")
        index = 3
        for item in [*middle, *last]:
            if item == "pool":
                lines.append(
                    f"  - {{type: maxpool, name: features.{index}, kernel: 3, stride: 2, "
                    "ceil_mode: true}"
                )
            else:
                squeeze, expand = item
                lines.append(
                    f"  - {{type: fire, name: features.{index}, squeeze: {squeeze}, "
                    f"expand: {expand}}}"
                )
            index += 1
        body = "\n".join(lines)
        yield (
            name,
            header(f"""
SqueezeNet {what}, as torchvision.models.{name} builds it (Iandola et al., "SqueezeNet:
AlexNet-level accuracy with 50x fewer parameters and <0.5MB model size", arXiv:1602.07360,
2016). The pools round up (ceil_mode=True). The classifier is a 1×1 conv to the 1000 classes and
a global average; `flatten` is torch.flatten(x, 1). A Fire module's torch.cat is `cat`.
""")
            + f"""name: {name}
input: [224, 224, 3]
blocks:
{fire}layers:
{body}
  - {{type: dropout, name: classifier.0, rate: 0.5}}
  - {{type: conv, name: classifier.1, filters: 1000, kernel: 1}}
  - {{type: relu, name: classifier.2}}
  - {{type: adaptive_avgpool, name: classifier.3, output_size: 1}}
  - {{type: flatten, name: flatten}}
""",
        )


# ---------------------------------------------------------------------------- MobileNetV2

MOBILENET_V2_SETTINGS = (  # t (expansion), c (channels), n (blocks), s (first stride): table 2
    (1, 16, 1, 1),
    (6, 24, 2, 2),
    (6, 32, 3, 2),
    (6, 64, 4, 2),
    (6, 96, 3, 1),
    (6, 160, 3, 2),
    (6, 320, 1, 1),
)


@family
def mobilenet_v2() -> Iterator[tuple[str, str]]:
    lines = []
    index = 1
    channels = 32
    for expansion, out, count, stride in MOBILENET_V2_SETTINGS:
        for repetition in range(count):
            hidden = channels * expansion
            arguments = [f"hidden: {hidden}", f"out: {out}"]
            if repetition == 0 and stride != 1:
                arguments.append(f"stride: {stride}")
            residual = repetition != 0 and channels == out
            if not residual:
                arguments.append("residual: false")
            if expansion == 1:
                arguments += [
                    "expand: false",
                    "dw: conv.0",
                    "project: conv.1",
                    "project_bn: conv.2",
                ]
            lines.append(
                f"  - {{type: inverted_residual, name: features.{index}, {', '.join(arguments)}}}"
            )
            channels = out
            index += 1
    body = "\n".join(lines)
    yield (
        "mobilenet_v2",
        header("""
MobileNetV2 as torchvision.models.mobilenet_v2 builds it (Sandler, Howard, Zhu, Zhmoginov and
Chen, "MobileNetV2: Inverted Residuals and Linear Bottlenecks", CVPR 2018, table 2).

torchvision numbers an InvertedResidual's layers in one Sequential `conv`: with an expansion
(t ≠ 1) conv.0 is the 1×1 expand, conv.1 the depthwise 3×3, conv.2/conv.3 the projection and
its batchnorm; without one (features.1) everything moves up by one: the block takes those names
as arguments. The shortcut add (stride 1 and in == out) is torchvision's functional
`x + self.conv(x)`; switched off by `if`, it passes the projection through. The global average
pool and flatten are functional (adaptive_avg_pool2d(x, (1, 1)), torch.flatten).
""")
        + f"""name: mobilenet_v2
input: [224, 224, 3]
blocks:
  conv_bn_relu6:                  # torchvision's Conv2dNormActivation: 0 conv, 1 bn, 2 relu6
    args: {{filters: null, kernel: 1, stride: 1, padding: 0, groups: 1}}
    layers:
      - {{type: conv, name: 0, filters: $filters, kernel: $kernel, stride: $stride, padding: $padding, groups: $groups, bias: false}}
      - {{type: batchnorm, name: 1}}
      - {{type: relu6, name: 2}}
  inverted_residual:
    args: {{hidden: null, out: null, stride: 1, expand: true, residual: true, dw: conv.1, project: conv.2, project_bn: conv.3}}
    layers:
      - {{type: conv_bn_relu6, name: conv.0, filters: $hidden, if: $expand}}
      - {{type: conv_bn_relu6, name: $dw, filters: $hidden, kernel: 3, stride: $stride, padding: 1, groups: in}}
      - {{type: conv, name: $project, filters: $out, kernel: 1, bias: false}}
      - {{type: batchnorm, name: $project_bn}}
      - {{type: add, name: add, from: [$project_bn, input], if: $residual}}
layers:
  - {{type: conv_bn_relu6, name: features.0, filters: 32, kernel: 3, stride: 2, padding: 1}}  # 112×112×32
{body}
  - {{type: conv_bn_relu6, name: features.18, filters: 1280}}                  # 7×7×1280
  - {{type: adaptive_avgpool, name: pool, output_size: 1}}
  - {{type: flatten, name: flatten}}
  - {{type: dropout, name: classifier.0, rate: 0.2}}
  - {{type: dense, name: classifier.1, units: 1000}}
""",
    )


# ---------------------------------------------------------------------------- MnasNet

# Stacks after the stem: (kernel, first stride, expansion, repeats) of the B1 variant.
MNASNET_STACKS = (
    (3, 2, 3, 3),
    (5, 2, 3, 3),
    (5, 2, 6, 3),
    (3, 1, 6, 2),
    (5, 2, 6, 4),
    (3, 1, 6, 1),
)


def mnasnet_depths(alpha: float) -> list[int]:
    """torchvision's _get_depths: the B1 widths times alpha, rounded to a multiple of 8 (up,
    unless that is more than 10% over)."""
    depths = []
    for depth in (32, 16, 24, 40, 80, 96, 192, 320):
        value = depth * alpha
        rounded = max(8, int(value + 4) // 8 * 8)
        depths.append(rounded if rounded >= 0.9 * value else rounded + 8)
    return depths


@family
def mnasnet() -> Iterator[tuple[str, str]]:
    for alpha, suffix in ((0.5, "0_5"), (0.75, "0_75"), (1.0, "1_0"), (1.3, "1_3")):
        depths = mnasnet_depths(alpha)
        stacks = []
        for index, (kernel, stride, expansion, repeats) in enumerate(MNASNET_STACKS):
            channels, out = depths[index + 1], depths[index + 2]
            first = f"{{hidden: {channels * expansion}, stride: {stride}, residual: false}}"
            stacks.append(
                f"  - {{type: inverted_residual, name: layers.{index + 8}, repeat: {repeats}, "
                f"hidden: {out * expansion}, out: {out}, kernel: {kernel}, padding: {kernel // 2}, "
                f"first: {first}}}"
            )
        body = "\n".join(stacks)
        name = f"mnasnet{suffix}"
        yield (
            name,
            header(f"""
MnasNet-B1 with depth multiplier {alpha} as torchvision.models.{name} builds it (Tan, Chen,
Pang, Vasudevan, Sandler, Howard and Le, "MnasNet: Platform-Aware Neural Architecture Search
for Mobile", CVPR 2019, figure 7). Channels: {", ".join(map(str, depths))} (the B1 widths
times {alpha}, rounded to multiples of 8).

`layers` is one flat Sequential: the stem's nine modules, then each stack of inverted residuals
(layers.8 … layers.13, a Sequential each), then the last 1×1 conv. An inverted residual adds
its input back (functionally) when stride 1 and in == out: every block of a stack but the first.
`mean` is the functional x.mean([2, 3]).
""")
            + f"""name: {name}
input: [224, 224, 3]
blocks:
  inverted_residual:              # torchvision's _InvertedResidual: layers.0 … layers.7
    args: {{hidden: null, out: null, kernel: 3, padding: 1, stride: 1, residual: true}}
    layers:
      - {{type: conv, name: layers.0, filters: $hidden, kernel: 1, bias: false}}
      - {{type: batchnorm, name: layers.1}}
      - {{type: relu, name: layers.2}}
      - {{type: conv, name: layers.3, filters: $hidden, kernel: $kernel, stride: $stride, padding: $padding, groups: in, bias: false}}
      - {{type: batchnorm, name: layers.4}}
      - {{type: relu, name: layers.5}}
      - {{type: conv, name: layers.6, filters: $out, kernel: 1, bias: false}}
      - {{type: batchnorm, name: layers.7}}
      - {{type: add, name: add, from: [layers.7, input], if: $residual}}
layers:
  - {{type: conv, name: layers.0, filters: {depths[0]}, kernel: 3, stride: 2, padding: 1, bias: false}}
  - {{type: batchnorm, name: layers.1}}
  - {{type: relu, name: layers.2}}
  - {{type: conv, name: layers.3, filters: {depths[0]}, kernel: 3, padding: 1, groups: in, bias: false}}
  - {{type: batchnorm, name: layers.4}}
  - {{type: relu, name: layers.5}}
  - {{type: conv, name: layers.6, filters: {depths[1]}, kernel: 1, bias: false}}
  - {{type: batchnorm, name: layers.7}}                                  # 112×112×{depths[1]}
{body}
  - {{type: conv, name: layers.14, filters: 1280, kernel: 1, bias: false}}
  - {{type: batchnorm, name: layers.15}}
  - {{type: relu, name: layers.16}}                                      # 7×7×1280
  - {{type: global_avgpool, name: mean, keepdims: false}}
  - {{type: dropout, name: classifier.0, rate: 0.2}}
  - {{type: dense, name: classifier.1, units: 1000}}
""",
        )


# ---------------------------------------------------------------------------- RegNet

# Per stage: depths, widths, group widths, as torchvision's BlockParams.from_init_params derives
# them from the paper's (depth, w_0, w_a, w_m, group width) of each model.
REGNETS = {
    "regnet_x_400mf": ((1, 2, 7, 12), (32, 64, 160, 400), (16, 16, 16, 16)),
    "regnet_x_800mf": ((1, 3, 7, 5), (64, 128, 288, 672), (16, 16, 16, 16)),
    "regnet_x_1_6gf": ((2, 4, 10, 2), (72, 168, 408, 912), (24, 24, 24, 24)),
    "regnet_x_3_2gf": ((2, 6, 15, 2), (96, 192, 432, 1008), (48, 48, 48, 48)),
    "regnet_x_8gf": ((2, 5, 15, 1), (80, 240, 720, 1920), (80, 120, 120, 120)),
    "regnet_x_16gf": ((2, 6, 13, 1), (256, 512, 896, 2048), (128, 128, 128, 128)),
    "regnet_x_32gf": ((2, 7, 13, 1), (336, 672, 1344, 2520), (168, 168, 168, 168)),
    "regnet_y_400mf": ((1, 3, 6, 6), (48, 104, 208, 440), (8, 8, 8, 8)),
    "regnet_y_800mf": ((1, 3, 8, 2), (64, 144, 320, 784), (16, 16, 16, 16)),
    "regnet_y_1_6gf": ((2, 6, 17, 2), (48, 120, 336, 888), (24, 24, 24, 24)),
    "regnet_y_3_2gf": ((2, 5, 13, 1), (72, 216, 576, 1512), (24, 24, 24, 24)),
    "regnet_y_8gf": ((2, 4, 10, 1), (224, 448, 896, 2016), (56, 56, 56, 56)),
    "regnet_y_16gf": ((2, 4, 11, 1), (224, 448, 1232, 3024), (112, 112, 112, 112)),
    "regnet_y_32gf": ((2, 5, 12, 1), (232, 696, 1392, 3712), (232, 232, 232, 232)),
    "regnet_y_128gf": ((2, 7, 17, 1), (528, 1056, 2904, 7392), (264, 264, 264, 264)),
}


@family
def regnet() -> Iterator[tuple[str, str]]:
    for name, (depths, widths, group_widths) in REGNETS.items():
        se = name.startswith("regnet_y")
        size = 384 if name == "regnet_y_128gf" else 224
        stages = []
        width_in = 32
        for stage, (depth, width, group_width) in enumerate(
            zip(depths, widths, group_widths, strict=True)
        ):
            # A stage's blocks: the first strides and projects; SE squeezes to a quarter of the
            # block's input width.
            first = (
                "{stride: 2, proj: true"
                + (f", squeeze: {round(0.25 * width_in)}" if se else "")
                + "}"
            )
            squeeze = f", squeeze: {round(0.25 * width)}" if se else ""
            stages.append(
                f"  - {{type: res_bottleneck, name: trunk_output.block{stage + 1}, repeat: {depth}, "
                f'names: "block{stage + 1}-{{i}}", width: {width}, groups: {width // group_width}'
                f"{squeeze}, first: {first}}}"
            )
            width_in = width
        body = "\n".join(stages)
        se_block = (
            """\
  squeeze_excitation:             # torchvision's SqueezeExcitation (ReLU inside)
    args: {channels: null, squeeze: null}
    layers:
      - {type: adaptive_avgpool, name: avgpool, output_size: 1}
      - {type: conv, name: fc1, filters: $squeeze, kernel: 1}
      - {type: relu, name: activation}
      - {type: conv, name: fc2, filters: $channels, kernel: 1}
      - {type: sigmoid, name: scale_activation}
      - {type: multiply, name: scale, from: [input, scale_activation]}
"""
            if se
            else ""
        )
        se_use = (
            "\n      - {type: squeeze_excitation, name: f.se, channels: $width, squeeze: $squeeze}"
            if se
            else ""
        )
        se_arg = ", squeeze: null" if se else ""
        what = "RegNetY (with squeeze-and-excitation)" if se else "RegNetX"
        yield (
            name,
            header(f"""
{what} as torchvision.models.{name} builds it (Radosavovic, Kosaraju, Girshick, He and Dollár,
"Designing Network Design Spaces", CVPR 2020). Stage depths {", ".join(map(str, depths))}, widths
{", ".join(map(str, widths))}, group width{"s" if len(set(group_widths)) > 1 else ""} {", ".join(map(str, sorted(set(group_widths))))}, bottleneck ratio 1.

torchvision names a stage's blocks `block<stage>-<i>` (`names:`). A ResBottleneckBlock is f.a
(1×1), f.b (grouped 3×3, the stage's stride on the first block){", f.se" if se else ""}, f.c (1×1, no
activation), plus a projection `proj` of the shortcut on the first block; the add is functional.
Input: the published evaluation size{" (384×384)" if size == 384 else ""}.
""")
            + f"""name: {name}
input: [{size}, {size}, 3]
blocks:
  conv_bn:                        # torchvision's Conv2dNormActivation: 0 conv, 1 bn[, 2 relu]
    args: {{filters: null, kernel: 1, stride: 1, padding: 0, groups: 1, relu: true}}
    layers:
      - {{type: conv, name: 0, filters: $filters, kernel: $kernel, stride: $stride, padding: $padding, groups: $groups, bias: false}}
      - {{type: batchnorm, name: 1}}
      - {{type: relu, name: 2, if: $relu}}
{se_block}  res_bottleneck:                 # torchvision's ResBottleneckBlock
    args: {{width: null, groups: null, stride: 1, proj: false{se_arg}}}
    layers:
      - {{type: conv_bn, name: proj, filters: $width, stride: $stride, relu: false, if: $proj}}
      - {{type: conv_bn, name: f.a, from: input, filters: $width}}
      - {{type: conv_bn, name: f.b, filters: $width, kernel: 3, stride: $stride, padding: 1, groups: $groups}}{se_use}
      - {{type: conv_bn, name: f.c, filters: $width, relu: false}}
      - {{type: add, name: add, from: [proj, f.c]}}
      - {{type: relu, name: activation}}
layers:
  - {{type: conv_bn, name: stem, filters: 32, kernel: 3, stride: 2, padding: 1}}
{body}
  - {{type: adaptive_avgpool, name: avgpool, output_size: 1}}
  - {{type: flatten, name: flatten}}
  - {{type: dense, name: fc, units: 1000}}
""",
        )


# ---------------------------------------------------------------------------- GoogLeNet, Inception v3

BASIC_CONV = """\
  basic_conv:                     # torchvision's BasicConv2d: conv, bn, then F.relu (functional)
    args: {filters: null, kernel: 1, stride: 1, padding: 0}
    layers:
      - {type: conv, name: conv, filters: $filters, kernel: $kernel, stride: $stride, padding: $padding, bias: false}
      - {type: batchnorm, name: bn}
      - {type: relu, name: relu}
"""

GOOGLENET_INCEPTIONS = {  # 1×1, 3×3 reduce, 3×3, 5×5 reduce, "5×5" (3×3 in torchvision), pool proj
    "3a": (64, 96, 128, 16, 32, 32),
    "3b": (128, 128, 192, 32, 96, 64),
    "4a": (192, 96, 208, 16, 48, 64),
    "4b": (160, 112, 224, 24, 64, 64),
    "4c": (128, 128, 256, 24, 64, 64),
    "4d": (112, 144, 288, 32, 64, 64),
    "4e": (256, 160, 320, 32, 128, 128),
    "5a": (256, 160, 320, 32, 128, 128),
    "5b": (384, 192, 384, 48, 128, 128),
}


@family
def googlenet() -> Iterator[tuple[str, str]]:
    lines = []
    for name, numbers in GOOGLENET_INCEPTIONS.items():
        arguments = ", ".join(
            f"{key}: {value}"
            for key, value in zip(("b1", "b2r", "b2", "b3r", "b3", "b4"), numbers, strict=True)
        )
        lines.append(f"  - {{type: inception, name: inception{name}, {arguments}}}")
        if name == "3b":
            lines.append(
                "  - {type: maxpool, name: maxpool3, kernel: 3, stride: 2, ceil_mode: true}"
            )
        if name == "4e":
            lines.append(
                "  - {type: maxpool, name: maxpool4, kernel: 2, stride: 2, ceil_mode: true}"
            )
    body = "\n".join(lines)
    yield (
        "googlenet",
        header("""
GoogLeNet (Inception v1) as torchvision.models.googlenet builds it for its published weights
(Szegedy et al., "Going Deeper with Convolutions", CVPR 2015, table 1), without the auxiliary
classifiers (aux_logits=False). torchvision's "5×5" branch is a 3×3 conv, a known difference from
the paper kept by the weights; every conv is a BasicConv2d with batch normalisation.

An Inception module's four branches read its input and are joined by torch.cat (`cat`). The
pools round up (ceil_mode=True); `flatten` is torch.flatten(x, 1).
""")
        + f"""name: googlenet
input: [224, 224, 3]
blocks:
{BASIC_CONV}  inception:                      # torchvision's Inception
    args: {{b1: null, b2r: null, b2: null, b3r: null, b3: null, b4: null}}
    layers:
      - {{type: basic_conv, name: branch1, filters: $b1}}
      - {{type: basic_conv, name: branch2.0, from: input, filters: $b2r}}
      - {{type: basic_conv, name: branch2.1, filters: $b2, kernel: 3, padding: 1}}
      - {{type: basic_conv, name: branch3.0, from: input, filters: $b3r}}
      - {{type: basic_conv, name: branch3.1, filters: $b3, kernel: 3, padding: 1}}
      - {{type: maxpool, name: branch4.0, from: input, kernel: 3, stride: 1, padding: 1, ceil_mode: true}}
      - {{type: basic_conv, name: branch4.1, filters: $b4}}
      - {{type: concat, name: cat, from: [branch1, branch2.1, branch3.1, branch4.1]}}
layers:
  - {{type: basic_conv, name: conv1, filters: 64, kernel: 7, stride: 2, padding: 3}}
  - {{type: maxpool, name: maxpool1, kernel: 3, stride: 2, ceil_mode: true}}
  - {{type: basic_conv, name: conv2, filters: 64}}
  - {{type: basic_conv, name: conv3, filters: 192, kernel: 3, padding: 1}}
  - {{type: maxpool, name: maxpool2, kernel: 3, stride: 2, ceil_mode: true}}    # 28×28×192
{body}
  - {{type: adaptive_avgpool, name: avgpool, output_size: 1}}
  - {{type: flatten, name: flatten}}
  - {{type: dropout, name: dropout, rate: 0.2}}
  - {{type: dense, name: fc, units: 1000}}
""",
    )


@family
def inception_v3() -> Iterator[tuple[str, str]]:
    yield (
        "inception_v3",
        header("""
Inception v3 as torchvision.models.inception_v3 builds it for its published weights (Szegedy,
Vanhoucke, Ioffe, Shlens and Wojna, "Rethinking the Inception Architecture for Computer Vision",
CVPR 2016, table 1), at its published input, 299×299.

Mixed_5b-d are InceptionA, Mixed_6a InceptionB (the grid reduction), Mixed_6b-e InceptionC (the
factorised 1×7 and 7×1 convs), Mixed_7a InceptionD, Mixed_7b-c InceptionE (the expanded 1×3 and
3×1 branches, each joined by torch.cat). Every conv is a BasicConv2d. The pools inside the
modules are functional (F.avg_pool2d, F.max_pool2d), as are the joins (`cat`).
AuxLogits, the auxiliary classifier on Mixed_6e, exists in the model (its parameters count) but
runs only in training: it is written as a side branch, and `outputs` is the main classifier.
""")
        + f"""name: inception_v3
input: [299, 299, 3]
blocks:
{BASIC_CONV}  inception_a:
    args: {{pool: null}}
    layers:
      - {{type: basic_conv, name: branch1x1, filters: 64}}
      - {{type: basic_conv, name: branch5x5_1, from: input, filters: 48}}
      - {{type: basic_conv, name: branch5x5_2, filters: 64, kernel: 5, padding: 2}}
      - {{type: basic_conv, name: branch3x3dbl_1, from: input, filters: 64}}
      - {{type: basic_conv, name: branch3x3dbl_2, filters: 96, kernel: 3, padding: 1}}
      - {{type: basic_conv, name: branch3x3dbl_3, filters: 96, kernel: 3, padding: 1}}
      - {{type: avgpool, name: pool, from: input, kernel: 3, stride: 1, padding: 1}}
      - {{type: basic_conv, name: branch_pool, filters: $pool}}
      - {{type: concat, name: cat, from: [branch1x1, branch5x5_2, branch3x3dbl_3, branch_pool]}}
  inception_b:
    layers:
      - {{type: basic_conv, name: branch3x3, filters: 384, kernel: 3, stride: 2}}
      - {{type: basic_conv, name: branch3x3dbl_1, from: input, filters: 64}}
      - {{type: basic_conv, name: branch3x3dbl_2, filters: 96, kernel: 3, padding: 1}}
      - {{type: basic_conv, name: branch3x3dbl_3, filters: 96, kernel: 3, stride: 2}}
      - {{type: maxpool, name: pool, from: input, kernel: 3, stride: 2}}
      - {{type: concat, name: cat, from: [branch3x3, branch3x3dbl_3, pool]}}
  inception_c:
    args: {{c7: null}}
    layers:
      - {{type: basic_conv, name: branch1x1, filters: 192}}
      - {{type: basic_conv, name: branch7x7_1, from: input, filters: $c7}}
      - {{type: basic_conv, name: branch7x7_2, filters: $c7, kernel: [1, 7], padding: [0, 3]}}
      - {{type: basic_conv, name: branch7x7_3, filters: 192, kernel: [7, 1], padding: [3, 0]}}
      - {{type: basic_conv, name: branch7x7dbl_1, from: input, filters: $c7}}
      - {{type: basic_conv, name: branch7x7dbl_2, filters: $c7, kernel: [7, 1], padding: [3, 0]}}
      - {{type: basic_conv, name: branch7x7dbl_3, filters: $c7, kernel: [1, 7], padding: [0, 3]}}
      - {{type: basic_conv, name: branch7x7dbl_4, filters: $c7, kernel: [7, 1], padding: [3, 0]}}
      - {{type: basic_conv, name: branch7x7dbl_5, filters: 192, kernel: [1, 7], padding: [0, 3]}}
      - {{type: avgpool, name: pool, from: input, kernel: 3, stride: 1, padding: 1}}
      - {{type: basic_conv, name: branch_pool, filters: 192}}
      - {{type: concat, name: cat, from: [branch1x1, branch7x7_3, branch7x7dbl_5, branch_pool]}}
  inception_d:
    layers:
      - {{type: basic_conv, name: branch3x3_1, filters: 192}}
      - {{type: basic_conv, name: branch3x3_2, filters: 320, kernel: 3, stride: 2}}
      - {{type: basic_conv, name: branch7x7x3_1, from: input, filters: 192}}
      - {{type: basic_conv, name: branch7x7x3_2, filters: 192, kernel: [1, 7], padding: [0, 3]}}
      - {{type: basic_conv, name: branch7x7x3_3, filters: 192, kernel: [7, 1], padding: [3, 0]}}
      - {{type: basic_conv, name: branch7x7x3_4, filters: 192, kernel: 3, stride: 2}}
      - {{type: maxpool, name: pool, from: input, kernel: 3, stride: 2}}
      - {{type: concat, name: cat, from: [branch3x3_2, branch7x7x3_4, pool]}}
  inception_e:
    layers:
      - {{type: basic_conv, name: branch1x1, filters: 320}}
      - {{type: basic_conv, name: branch3x3_1, from: input, filters: 384}}
      - {{type: basic_conv, name: branch3x3_2a, filters: 384, kernel: [1, 3], padding: [0, 1]}}
      - {{type: basic_conv, name: branch3x3_2b, from: branch3x3_1, filters: 384, kernel: [3, 1], padding: [1, 0]}}
      - {{type: concat, name: branch3x3, from: [branch3x3_2a, branch3x3_2b]}}
      - {{type: basic_conv, name: branch3x3dbl_1, from: input, filters: 448}}
      - {{type: basic_conv, name: branch3x3dbl_2, filters: 384, kernel: 3, padding: 1}}
      - {{type: basic_conv, name: branch3x3dbl_3a, filters: 384, kernel: [1, 3], padding: [0, 1]}}
      - {{type: basic_conv, name: branch3x3dbl_3b, from: branch3x3dbl_2, filters: 384, kernel: [3, 1], padding: [1, 0]}}
      - {{type: concat, name: branch3x3dbl, from: [branch3x3dbl_3a, branch3x3dbl_3b]}}
      - {{type: avgpool, name: pool, from: input, kernel: 3, stride: 1, padding: 1}}
      - {{type: basic_conv, name: branch_pool, filters: 192}}
      - {{type: concat, name: cat, from: [branch1x1, branch3x3, branch3x3dbl, branch_pool]}}
  inception_aux:                  # training only
    layers:
      - {{type: avgpool, name: pool, kernel: 5, stride: 3}}
      - {{type: basic_conv, name: conv0, filters: 128}}
      - {{type: basic_conv, name: conv1, filters: 768, kernel: 5}}
      - {{type: adaptive_avgpool, name: avgpool, output_size: 1}}
      - {{type: flatten, name: flatten}}
      - {{type: dense, name: fc, units: 1000}}
layers:
  - {{type: basic_conv, name: Conv2d_1a_3x3, filters: 32, kernel: 3, stride: 2}}
  - {{type: basic_conv, name: Conv2d_2a_3x3, filters: 32, kernel: 3}}
  - {{type: basic_conv, name: Conv2d_2b_3x3, filters: 64, kernel: 3, padding: 1}}
  - {{type: maxpool, name: maxpool1, kernel: 3, stride: 2}}
  - {{type: basic_conv, name: Conv2d_3b_1x1, filters: 80}}
  - {{type: basic_conv, name: Conv2d_4a_3x3, filters: 192, kernel: 3}}
  - {{type: maxpool, name: maxpool2, kernel: 3, stride: 2}}                   # 35×35×192
  - {{type: inception_a, name: Mixed_5b, pool: 32}}
  - {{type: inception_a, name: Mixed_5c, pool: 64}}
  - {{type: inception_a, name: Mixed_5d, pool: 64}}
  - {{type: inception_b, name: Mixed_6a}}                                    # 17×17×768
  - {{type: inception_c, name: Mixed_6b, c7: 128}}
  - {{type: inception_c, name: Mixed_6c, c7: 160}}
  - {{type: inception_c, name: Mixed_6d, c7: 160}}
  - {{type: inception_c, name: Mixed_6e, c7: 192}}
  - {{type: inception_aux, name: AuxLogits}}
  - {{type: inception_d, name: Mixed_7a, from: Mixed_6e}}                    # 8×8×1280
  - {{type: inception_e, name: Mixed_7b}}
  - {{type: inception_e, name: Mixed_7c}}                                    # 8×8×2048
  - {{type: adaptive_avgpool, name: avgpool, output_size: 1}}
  - {{type: dropout, name: dropout, rate: 0.5}}
  - {{type: flatten, name: flatten}}
  - {{type: dense, name: fc, units: 1000}}
outputs: [fc]
""",
    )


# ---------------------------------------------------------------------------- EfficientNet


def make_divisible(value: float, divisor: int = 8) -> int:
    """torchvision's _make_divisible: to a multiple of `divisor`, never 10% below `value`."""
    rounded = max(divisor, int(value + divisor / 2) // divisor * divisor)
    return rounded + divisor if rounded < 0.9 * value else rounded


# (expand ratio, kernel, stride, in, out, layers) per stage: table 1 of the paper (B0).
EFFICIENTNET_B0 = (
    (1, 3, 1, 32, 16, 1),
    (6, 3, 2, 16, 24, 2),
    (6, 5, 2, 24, 40, 2),
    (6, 3, 2, 40, 80, 3),
    (6, 5, 1, 80, 112, 3),
    (6, 5, 2, 112, 192, 4),
    (6, 3, 1, 192, 320, 1),
)
# width, depth multipliers, dropout, input (crop) size
EFFICIENTNETS = {
    "b0": (1.0, 1.0, 0.2, 224),
    "b1": (1.0, 1.1, 0.2, 240),
    "b2": (1.1, 1.2, 0.3, 288),
    "b3": (1.2, 1.4, 0.3, 300),
    "b4": (1.4, 1.8, 0.4, 380),
    "b5": (1.6, 2.2, 0.4, 456),
    "b6": (1.8, 2.6, 0.5, 528),
    "b7": (2.0, 3.1, 0.5, 600),
}
# EfficientNetV2 (Tan and Le 2021, table 4 and its M/L scaling): (fused?, expand ratio, kernel,
# stride, in, out, layers) per stage; dropout; input size.
EFFICIENTNETS_V2 = {
    "s": (
        (
            (True, 1, 3, 1, 24, 24, 2),
            (True, 4, 3, 2, 24, 48, 4),
            (True, 4, 3, 2, 48, 64, 4),
            (False, 4, 3, 2, 64, 128, 6),
            (False, 6, 3, 1, 128, 160, 9),
            (False, 6, 3, 2, 160, 256, 15),
        ),
        0.2,
        384,
    ),
    "m": (
        (
            (True, 1, 3, 1, 24, 24, 3),
            (True, 4, 3, 2, 24, 48, 5),
            (True, 4, 3, 2, 48, 80, 5),
            (False, 4, 3, 2, 80, 160, 7),
            (False, 6, 3, 1, 160, 176, 14),
            (False, 6, 3, 2, 176, 304, 18),
            (False, 6, 3, 1, 304, 512, 5),
        ),
        0.3,
        480,
    ),
    "l": (
        (
            (True, 1, 3, 1, 32, 32, 4),
            (True, 4, 3, 2, 32, 64, 7),
            (True, 4, 3, 2, 64, 96, 7),
            (False, 4, 3, 2, 96, 192, 10),
            (False, 6, 3, 1, 192, 224, 19),
            (False, 6, 3, 2, 224, 384, 25),
            (False, 6, 3, 1, 384, 640, 7),
        ),
        0.4,
        480,
    ),
}

EFFICIENTNET_BLOCKS = """\
  conv_bn_silu:                   # torchvision's Conv2dNormActivation: 0 conv, 1 bn, 2 silu
    args: {filters: null, kernel: 1, stride: 1, padding: 0, groups: 1, silu: true}
    layers:
      - {type: conv, name: 0, filters: $filters, kernel: $kernel, stride: $stride, padding: $padding, groups: $groups, bias: false}
      - {type: batchnorm, name: 1}
      - {type: silu, name: 2, if: $silu}
  squeeze_excitation:             # torchvision's SqueezeExcitation
    args: {channels: null, squeeze: null}
    layers:
      - {type: adaptive_avgpool, name: avgpool, output_size: 1}
      - {type: conv, name: fc1, filters: $squeeze, kernel: 1}
      - {type: silu, name: activation}
      - {type: conv, name: fc2, filters: $channels, kernel: 1}
      - {type: sigmoid, name: scale_activation}
      - {type: multiply, name: scale, from: [input, scale_activation]}
  mbconv:                         # torchvision's MBConv: [expand,] depthwise, SE, project
    args: {hidden: null, squeeze: null, out: null, kernel: 3, padding: 1, stride: 1, expand: true, residual: true, rate: 0, dw: block.1, se: block.2, project: block.3}
    layers:
      - {type: conv_bn_silu, name: block.0, filters: $hidden, if: $expand}
      - {type: conv_bn_silu, name: $dw, filters: $hidden, kernel: $kernel, stride: $stride, padding: $padding, groups: in}
      - {type: squeeze_excitation, name: $se, channels: $hidden, squeeze: $squeeze}
      - {type: conv_bn_silu, name: $project, filters: $out, silu: false}
      - {type: drop_path, name: stochastic_depth, rate: $rate, if: $residual}
      - {type: add, name: add, from: [stochastic_depth, input], if: $residual}
"""

FUSED_BLOCK = """\
  fused_mbconv:                   # torchvision's FusedMBConv: a full 3×3 conv [, 1×1 project]
    args: {hidden: null, out: null, stride: 1, expand: true, residual: true, rate: 0}
    layers:
      - {type: conv_bn_silu, name: block.0, filters: $hidden, kernel: 3, stride: $stride, padding: 1}
      - {type: conv_bn_silu, name: block.1, filters: $out, silu: false, if: $expand}
      - {type: drop_path, name: stochastic_depth, rate: $rate, if: $residual}
      - {type: add, name: add, from: [stochastic_depth, input], if: $residual}
"""


def efficientnet_blocks(
    stages: list[tuple[bool, int, int, int, int, int, int]],
) -> tuple[list[str], int]:
    """The block lines of features.1 … features.N, and the last block's output channels."""
    total = sum(stage[-1] for stage in stages)
    lines: list[str] = []
    block_id = 0
    out = stages[0][4]
    for stage, (fused, ratio, kernel, stride, channels_in, out, count) in enumerate(stages):
        for index in range(count):
            channels = channels_in if index == 0 else out
            step = stride if index == 0 else 1
            hidden = make_divisible(channels * ratio)
            expand = hidden != channels
            residual = step == 1 and channels == out
            rate = 0.2 * block_id / total
            arguments = [f"hidden: {hidden if expand else out if fused else hidden}"]
            if not fused:
                arguments.append(f"squeeze: {max(1, channels // 4)}")
            arguments.append(f"out: {out}")
            if not fused and kernel != 3:
                arguments += [f"kernel: {kernel}", f"padding: {kernel // 2}"]
            if step != 1:
                arguments.append(f"stride: {step}")
            if not expand:
                arguments.append("expand: false")
                if not fused:
                    arguments += ["dw: block.0", "se: block.1", "project: block.2"]
            if residual:
                arguments.append(f"rate: {rate:.6g}")
            else:
                arguments.append("residual: false")
            kind = "fused_mbconv" if fused else "mbconv"
            lines.append(
                f"  - {{type: {kind}, name: features.{stage + 1}.{index}, {', '.join(arguments)}}}"
            )
            block_id += 1
    return lines, out


@family
def efficientnet() -> Iterator[tuple[str, str]]:
    for version, (width, depth, dropout, size) in EFFICIENTNETS.items():
        stages = [
            (
                False,
                ratio,
                kernel,
                stride,
                make_divisible(channels_in * width),
                make_divisible(out * width),
                math.ceil(count * depth),
            )
            for ratio, kernel, stride, channels_in, out, count in EFFICIENTNET_B0
        ]
        lines, last = efficientnet_blocks(stages)
        name = f"efficientnet_{version}"
        body = "\n".join(lines)
        yield (
            name,
            header(f"""
EfficientNet-{version.upper()} as torchvision.models.{name} builds it (Tan and Le, "EfficientNet:
Rethinking Model Scaling for Convolutional Neural Networks", ICML 2019, table 1 scaled by width
{width} and depth {depth}: channels to multiples of 8, block counts rounded up), at its published
input, {size}×{size}.

An MBConv block: a 1×1 expansion (none when the ratio is 1), a depthwise conv, squeeze-and-
excitation (to a quarter of the block's input channels; the product is functional), a 1×1
projection. Blocks with stride 1 and in == out add their input back after stochastic depth
(drop_path, its rate rising linearly to 0.2 over the blocks; an identity in eval mode).
torchvision numbers a block's parts block.0 … block.3; without the expansion everything moves up
by one (the block takes those names as arguments).
""")
            + f"""name: {name}
input: [{size}, {size}, 3]
blocks:
{EFFICIENTNET_BLOCKS}layers:
  - {{type: conv_bn_silu, name: features.0, filters: {stages[0][4]}, kernel: 3, stride: 2, padding: 1}}
{body}
  - {{type: conv_bn_silu, name: features.{len(stages) + 1}, filters: {4 * last}}}
  - {{type: adaptive_avgpool, name: avgpool, output_size: 1}}
  - {{type: flatten, name: flatten}}
  - {{type: dropout, name: classifier.0, rate: {dropout}}}
  - {{type: dense, name: classifier.1, units: 1000}}
""",
        )
    for version, (stages_v2, dropout, size) in EFFICIENTNETS_V2.items():
        lines, last = efficientnet_blocks(list(stages_v2))
        name = f"efficientnet_v2_{version}"
        body = "\n".join(lines)
        yield (
            name,
            header(f"""
EfficientNetV2-{version.upper()} as torchvision.models.{name} builds it (Tan and Le,
"EfficientNetV2: Smaller Models and Faster Training", ICML 2021, table 4 for S; M and L as
torchvision configures them), at its published input, {size}×{size}.

The early stages are FusedMBConv blocks (one full 3×3 conv, then a 1×1 projection when it
expands), the later ones MBConv blocks with squeeze-and-excitation. Blocks with stride 1 and
in == out add their input back after stochastic depth (drop_path, rising linearly to 0.2; an
identity in eval mode).
""")
            + f"""name: {name}
input: [{size}, {size}, 3]
blocks:
{EFFICIENTNET_BLOCKS}{FUSED_BLOCK}layers:
  - {{type: conv_bn_silu, name: features.0, filters: {stages_v2[0][4]}, kernel: 3, stride: 2, padding: 1}}
{body}
  - {{type: conv_bn_silu, name: features.{len(stages_v2) + 1}, filters: 1280}}
  - {{type: adaptive_avgpool, name: avgpool, output_size: 1}}
  - {{type: flatten, name: flatten}}
  - {{type: dropout, name: classifier.0, rate: {dropout}}}
  - {{type: dense, name: classifier.1, units: 1000}}
""",
        )


# ---------------------------------------------------------------------------- MobileNetV3, LR-ASPP

# (in, kernel, expanded, out, SE, activation, stride) per block: the paper's tables 1 and 2.
MOBILENET_V3 = {
    "large": (
        (
            (16, 3, 16, 16, False, "relu", 1),
            (16, 3, 64, 24, False, "relu", 2),
            (24, 3, 72, 24, False, "relu", 1),
            (24, 5, 72, 40, True, "relu", 2),
            (40, 5, 120, 40, True, "relu", 1),
            (40, 5, 120, 40, True, "relu", 1),
            (40, 3, 240, 80, False, "hardswish", 2),
            (80, 3, 200, 80, False, "hardswish", 1),
            (80, 3, 184, 80, False, "hardswish", 1),
            (80, 3, 184, 80, False, "hardswish", 1),
            (80, 3, 480, 112, True, "hardswish", 1),
            (112, 3, 672, 112, True, "hardswish", 1),
            (112, 5, 672, 160, True, "hardswish", 2),
            (160, 5, 960, 160, True, "hardswish", 1),
            (160, 5, 960, 160, True, "hardswish", 1),
        ),
        1280,
    ),
    "small": (
        (
            (16, 3, 16, 16, True, "relu", 2),
            (16, 3, 72, 24, False, "relu", 2),
            (24, 3, 88, 24, False, "relu", 1),
            (24, 5, 96, 40, True, "hardswish", 2),
            (40, 5, 240, 40, True, "hardswish", 1),
            (40, 5, 240, 40, True, "hardswish", 1),
            (40, 5, 120, 48, True, "hardswish", 1),
            (48, 5, 144, 48, True, "hardswish", 1),
            (48, 5, 288, 96, True, "hardswish", 2),
            (96, 5, 576, 96, True, "hardswish", 1),
            (96, 5, 576, 96, True, "hardswish", 1),
        ),
        1024,
    ),
}

MOBILENET_V3_BLOCKS = """\
  conv_bn_act:                    # torchvision's Conv2dNormActivation: 0 conv, 1 bn, 2 activation
    args: {filters: null, kernel: 1, stride: 1, padding: 0, dilation: 1, groups: 1, act: hardswish, activate: true}
    layers:
      - {type: conv, name: 0, filters: $filters, kernel: $kernel, stride: $stride, padding: $padding, dilation: $dilation, groups: $groups, bias: false}
      - {type: batchnorm, name: 1}
      - {type: $act, name: 2, if: $activate}
  squeeze_excitation:             # torchvision's SqueezeExcitation with a hard sigmoid gate
    args: {channels: null, squeeze: null}
    layers:
      - {type: adaptive_avgpool, name: avgpool, output_size: 1}
      - {type: conv, name: fc1, filters: $squeeze, kernel: 1}
      - {type: relu, name: activation}
      - {type: conv, name: fc2, filters: $channels, kernel: 1}
      - {type: hardsigmoid, name: scale_activation}
      - {type: multiply, name: scale, from: [input, scale_activation]}
  inverted_residual:              # torchvision's InvertedResidual: [expand,] depthwise, [SE,] project
    args: {expanded: null, squeeze: 8, out: null, kernel: 3, padding: 1, stride: 1, dilation: 1, act: relu, expand: true, se: false, residual: false, dw: block.1, gate: block.2, project: block.2}
    layers:
      - {type: conv_bn_act, name: block.0, filters: $expanded, act: $act, if: $expand}
      - {type: conv_bn_act, name: $dw, filters: $expanded, kernel: $kernel, stride: $stride, padding: $padding, dilation: $dilation, groups: in, act: $act}
      - {type: squeeze_excitation, name: $gate, channels: $expanded, squeeze: $squeeze, if: $se}
      - {type: conv_bn_act, name: $project, filters: $out, activate: false}
      - {type: add, name: add, from: [$project, input], if: $residual}
"""


def mobilenet_v3_blocks(size: str, prefix: str, dilated: bool) -> tuple[list[str], int]:
    """The block lines (features.1 …), and the last block's output channels."""
    settings, _ = MOBILENET_V3[size]
    lines = []
    last_stride_block = max(i for i, b in enumerate(settings) if b[6] == 2)
    for index, (channels, kernel, expanded, out, se, act, stride) in enumerate(settings):
        # dilated (segmentation): the last stage keeps stride 1 and dilates its convs by 2.
        dilation = 2 if dilated and index >= last_stride_block else 1
        step = 1 if dilation > 1 else stride
        arguments = [f"expanded: {expanded}", f"out: {out}"]
        if kernel != 3 or dilation != 1:
            arguments += [f"kernel: {kernel}", f"padding: {(kernel - 1) // 2 * dilation}"]
        if dilation != 1:
            arguments.append(f"dilation: {dilation}")
        if step != 1:
            arguments.append(f"stride: {step}")
        if act != "relu":
            arguments.append(f"act: {act}")
        part = 0
        if expanded == channels:
            arguments.append("expand: false")
        else:
            part = 1
        names = {"dw": f"block.{part}"}
        if se:
            arguments += ["se: true", f"squeeze: {make_divisible(expanded // 4)}"]
            names["gate"] = f"block.{part + 1}"
            part += 1
        names["project"] = f"block.{part + 1}"
        arguments += [
            f"{key}: {value}"
            for key, value in names.items()
            if value != {"dw": "block.1", "gate": "block.2", "project": "block.2"}[key]
        ]
        if step == 1 and channels == out:
            arguments.append("residual: true")
        lines.append(
            f"  - {{type: inverted_residual, name: {prefix}{index + 1}, {', '.join(arguments)}}}"
        )
    return lines, settings[-1][3]


MOBILENET_V3_NOTES = """
A block: a 1×1 expansion (none when the expanded width is the input's), a depthwise conv,
squeeze-and-excitation in some blocks (squeezing to a quarter, gated by a hard sigmoid; the
product is functional), a 1×1 projection without activation; the input is added back (functionally)
when stride 1 and in == out. Activations are ReLU in the early blocks, hard swish later.
torchvision numbers a block's parts block.0 … block.3 (fewer without the expansion or SE): the
block takes those names as arguments.
"""


@family
def mobilenet_v3() -> Iterator[tuple[str, str]]:
    for size in ("large", "small"):
        lines, last = mobilenet_v3_blocks(size, "features.", dilated=False)
        _, head = MOBILENET_V3[size]
        body = "\n".join(lines)
        name = f"mobilenet_v3_{size}"
        yield (
            name,
            header(f"""
MobileNetV3-{size.capitalize()} as torchvision.models.{name} builds it (Howard et al.,
"Searching for MobileNetV3", ICCV 2019, table {1 if size == "large" else 2}).
{MOBILENET_V3_NOTES}""")
            + f"""name: {name}
input: [224, 224, 3]
blocks:
{MOBILENET_V3_BLOCKS}layers:
  - {{type: conv_bn_act, name: features.0, filters: 16, kernel: 3, stride: 2, padding: 1}}
{body}
  - {{type: conv_bn_act, name: features.{len(lines) + 1}, filters: {6 * last}}}
  - {{type: adaptive_avgpool, name: avgpool, output_size: 1}}
  - {{type: flatten, name: flatten}}
  - {{type: dense, name: classifier.0, units: {head}}}
  - {{type: hardswish, name: classifier.1}}
  - {{type: dropout, name: classifier.2, rate: 0.2}}
  - {{type: dense, name: classifier.3, units: 1000}}
""",
        )
    lines, last = mobilenet_v3_blocks("large", "backbone.", dilated=True)
    backbone = "\n".join(lines)
    stem = (
        "  - {type: conv_bn_act, name: backbone.0, filters: 16, kernel: 3, stride: 2, padding: 1}"
    )
    tail = f"  - {{type: conv_bn_act, name: backbone.{len(lines) + 1}, filters: {6 * last}}}"
    segmentation_notes = """
The backbone is MobileNetV3-Large's `features` with its last stage dilated (stride 1, dilation
2), so its output is at 1/16 of the input (33×33 at 520×520); backbone.4 (1/8) feeds the
low-resolution branch. The model resizes its result to the input (F.interpolate, bilinear).
Input: the published evaluation size, 520×520. Sizes torchvision takes from a tensor at run
time are written as numbers for 520×520 (the spec is exact there): see each `size:` below.
"""
    yield (
        "deeplabv3_mobilenet_v3_large",
        header(f"""
DeepLabV3 on MobileNetV3-Large as torchvision.models.segmentation.deeplabv3_mobilenet_v3_large
builds it (Chen et al., "Rethinking Atrous Convolution for Semantic Image Segmentation",
arXiv:1706.05587, 2017; Howard et al., "Searching for MobileNetV3", ICCV 2019), 21 classes.
{segmentation_notes}
ASPP (dilations 12, 24, 36 and image pooling, resized back to 33×33: classifier.0.size) reads
backbone.16; the auxiliary FCN head reads backbone.4. At 224×224: --set classifier.0.size=14
--set out.size=224.
{MOBILENET_V3_NOTES}""")
        + f"""name: deeplabv3_mobilenet_v3_large
input: [520, 520, 3]
blocks:
{MOBILENET_V3_BLOCKS}{FCN_HEAD}{ASPP}layers:
{stem}
{backbone}
{tail}
  - {{type: aspp, name: classifier.0, size: 33}}
  - {{type: conv, name: classifier.1, filters: 256, kernel: 3, padding: 1, bias: false}}
  - {{type: batchnorm, name: classifier.2}}
  - {{type: relu, name: classifier.3}}
  - {{type: conv, name: classifier.4, filters: 21, kernel: 1}}
  - {{type: upsample, name: out, size: 520, mode: bilinear}}
  - {{type: fcn_head, name: aux_classifier, from: backbone.4, hidden: 10}}
  - {{type: upsample, name: aux, scale: 8, mode: bilinear}}
outputs: [out, aux]
""",
    )
    yield (
        "lraspp_mobilenet_v3_large",
        header(f"""
LR-ASPP on MobileNetV3-Large as torchvision.models.segmentation.lraspp_mobilenet_v3_large
builds it (Howard et al., "Searching for MobileNetV3", ICCV 2019, section 6.4), 21 classes.
{segmentation_notes}
The head: a 1×1 conv of backbone.16 (cbr) gated by its global average (scale, a sigmoid; the
product is functional), resized to backbone.4's grid (classifier.resize: 65×65 at 520×520, 28
at 224×224), classified and added to backbone.4's own 1×1 classification, then resized by 8.
{MOBILENET_V3_NOTES}""")
        + f"""name: lraspp_mobilenet_v3_large
input: [520, 520, 3]
blocks:
{MOBILENET_V3_BLOCKS}layers:
{stem}
{backbone}
{tail}
  - {{type: conv, name: classifier.cbr.0, filters: 128, kernel: 1, bias: false}}
  - {{type: batchnorm, name: classifier.cbr.1}}
  - {{type: relu, name: classifier.cbr.2}}
  - {{type: adaptive_avgpool, name: classifier.scale.0, from: backbone.{len(lines) + 1}, output_size: 1}}
  - {{type: conv, name: classifier.scale.1, filters: 128, kernel: 1, bias: false}}
  - {{type: sigmoid, name: classifier.scale.2}}
  - {{type: multiply, name: classifier.gated, from: [classifier.cbr.2, classifier.scale.2]}}
  - {{type: upsample, name: classifier.resize, size: 65, mode: bilinear}}
  - {{type: conv, name: classifier.high_classifier, filters: 21, kernel: 1}}
  - {{type: conv, name: classifier.low_classifier, from: backbone.4, filters: 21, kernel: 1}}
  - {{type: add, name: classifier.add, from: [classifier.low_classifier, classifier.high_classifier]}}
  - {{type: upsample, name: out, scale: 8, mode: bilinear}}
""",
    )


# ---------------------------------------------------------------------------- ShuffleNetV2

SHUFFLENETS = {  # stage output channels (stage2-4), conv5's; units per stage are 4, 8, 4
    "x0_5": ((48, 96, 192), 1024),
    "x1_0": ((116, 232, 464), 1024),
    "x1_5": ((176, 352, 704), 1024),
    "x2_0": ((244, 488, 976), 2048),
}


@family
def shufflenet_v2() -> Iterator[tuple[str, str]]:
    for width, (stages, last) in SHUFFLENETS.items():
        name = f"shufflenet_v2_{width}"
        body = "\n".join(
            f"  - {{type: stage, name: stage{index + 2}, width: {out // 2}, units: {units - 1}}}"
            for index, (out, units) in enumerate(zip(stages, (4, 8, 4), strict=True))
        )
        yield (
            name,
            header(f"""
ShuffleNetV2 {width.replace("x", "").replace("_", ".")}× as torchvision.models.{name} builds it (Ma, Zhang, Zheng and Sun,
"ShuffleNet V2: Practical Guidelines for Efficient CNN Architecture Design", ECCV 2018, table 5).

A stage is one stride-2 unit (stage<k>.0: both branches read the input) and stride-1 units
(stage<k>.1, …: `names:` numbers them after it). A stride-1 unit splits its channels in two
(x.chunk(2, dim=1)), passes the first half through and runs branch2 on the second; every unit
ends with torch.cat and channel_shuffle(x, 2), both functional (`cat`, `shuffle`). The stride-1
units' empty `branch1` Sequential has no layers. `mean` is the functional x.mean([2, 3]).
""")
            + f"""name: {name}
input: [224, 224, 3]
blocks:
  down_unit:                      # InvertedResidual, stride 2
    args: {{width: null}}
    layers:
      - {{type: conv, name: branch1.0, filters: in, groups: in, kernel: 3, stride: 2, padding: 1, bias: false}}
      - {{type: batchnorm, name: branch1.1}}
      - {{type: conv, name: branch1.2, filters: $width, kernel: 1, bias: false}}
      - {{type: batchnorm, name: branch1.3}}
      - {{type: relu, name: branch1.4}}
      - {{type: conv, name: branch2.0, from: input, filters: $width, kernel: 1, bias: false}}
      - {{type: batchnorm, name: branch2.1}}
      - {{type: relu, name: branch2.2}}
      - {{type: conv, name: branch2.3, filters: in, groups: in, kernel: 3, stride: 2, padding: 1, bias: false}}
      - {{type: batchnorm, name: branch2.4}}
      - {{type: conv, name: branch2.5, filters: $width, kernel: 1, bias: false}}
      - {{type: batchnorm, name: branch2.6}}
      - {{type: relu, name: branch2.7}}
      - {{type: concat, name: cat, from: [branch1.4, branch2.7]}}
      - {{type: channel_shuffle, name: shuffle, groups: 2}}
  unit:                           # InvertedResidual, stride 1
    args: {{width: null}}
    layers:
      - {{type: chunk, name: split, chunks: 2}}
      - {{type: conv, name: branch2.0, from: split.1, filters: $width, kernel: 1, bias: false}}
      - {{type: batchnorm, name: branch2.1}}
      - {{type: relu, name: branch2.2}}
      - {{type: conv, name: branch2.3, filters: in, groups: in, kernel: 3, padding: 1, bias: false}}
      - {{type: batchnorm, name: branch2.4}}
      - {{type: conv, name: branch2.5, filters: $width, kernel: 1, bias: false}}
      - {{type: batchnorm, name: branch2.6}}
      - {{type: relu, name: branch2.7}}
      - {{type: concat, name: cat, from: [split.0, branch2.7]}}
      - {{type: channel_shuffle, name: shuffle, groups: 2}}
  stage:
    args: {{width: null, units: null}}
    layers:
      - {{type: down_unit, name: 0, width: $width}}
      - {{type: unit, repeat: $units, names: "{{n}}", width: $width}}
layers:
  - {{type: conv, name: conv1.0, filters: 24, kernel: 3, stride: 2, padding: 1, bias: false}}
  - {{type: batchnorm, name: conv1.1}}
  - {{type: relu, name: conv1.2}}
  - {{type: maxpool, name: maxpool, kernel: 3, stride: 2, padding: 1}}      # 56×56×24
{body}
  - {{type: conv, name: conv5.0, filters: {last}, kernel: 1, bias: false}}
  - {{type: batchnorm, name: conv5.1}}
  - {{type: relu, name: conv5.2}}
  - {{type: global_avgpool, name: mean, keepdims: false}}
  - {{type: dense, name: fc, units: 1000}}
""",
        )


# ---------------------------------------------------------------------------- ConvNeXt

CONVNEXTS = {  # stage widths, stage depths, stochastic depth rate
    "tiny": ((96, 192, 384, 768), (3, 3, 9, 3), 0.1),
    "small": ((96, 192, 384, 768), (3, 3, 27, 3), 0.4),
    "base": ((128, 256, 512, 1024), (3, 3, 27, 3), 0.5),
    "large": ((192, 384, 768, 1536), (3, 3, 27, 3), 0.5),
}


@family
def convnext() -> Iterator[tuple[str, str]]:
    for size, (widths, depths, rate) in CONVNEXTS.items():
        total = sum(depths)
        lines = [
            f"  - {{type: conv, name: features.0.0, filters: {widths[0]}, kernel: 4, stride: 4}}",
            "  - {type: layernorm, name: features.0.1, eps: 1.0e-6}",
        ]
        block_id = 0
        for stage, (width, depth) in enumerate(zip(widths, depths, strict=True)):
            if stage > 0:
                index = 2 * stage
                lines += [
                    f"  - {{type: layernorm, name: features.{index}.0, eps: 1.0e-6}}",
                    f"  - {{type: conv, name: features.{index}.1, filters: {width}, kernel: 2, "
                    "stride: 2}",
                ]
            for block in range(depth):
                probability = rate * block_id / (total - 1)
                lines.append(
                    f"  - {{type: cnblock, name: features.{2 * stage + 1}.{block}, dim: {width}, "
                    f"hidden: {4 * width}, rate: {probability:.6g}}}"
                )
                block_id += 1
        body = "\n".join(lines)
        name = f"convnext_{size}"
        yield (
            name,
            header(f"""
ConvNeXt-{size[0].upper()} as torchvision.models.{name} builds it (Liu, Mao, Wu, Feichtenhofer,
Darrell and Xie, "A ConvNet for the 2020s", CVPR 2022): stage widths {", ".join(map(str, widths))},
{", ".join(map(str, depths))} blocks, a 4×4 stride-4 patchify stem, 2×2 stride-2 downsampling
between stages.

A CNBlock runs its depthwise 7×7 conv on torch's [N, C, H, W], permutes to [N, H, W, C]
(block.1) so that LayerNorm and the two Linear layers (4× expansion, GELU) act on the channels,
the last axis (`axis: last`), and permutes back (block.6). The layer scale is a (C, 1, 1)
Parameter of the block, not a module (`layer_scale`, C weights, initialised to 1e-6);
stochastic depth (its rate rising linearly to {rate}) is torchvision's module; the residual add
is functional. The stem's, the downsamplings' and the classifier's LayerNorm2d normalise the
channels of [N, C, H, W] (`layernorm`).
""")
            + f"""name: {name}
input: [224, 224, 3]
blocks:
  cnblock:                        # torchvision's CNBlock
    args: {{dim: null, hidden: null, rate: 0}}
    layers:
      - {{type: conv, name: block.0, filters: in, groups: in, kernel: 7, padding: 3}}
      - {{type: permute, name: block.1, dims: [0, 2, 3, 1]}}
      - {{type: layernorm, name: block.2, eps: 1.0e-6}}
      - {{type: dense, name: block.3, units: $hidden, axis: last}}
      - {{type: gelu, name: block.4}}
      - {{type: dense, name: block.5, units: $dim, axis: last}}
      - {{type: permute, name: block.6, dims: [0, 3, 1, 2]}}
      - {{type: layer_scale, name: layer_scale, init: 1.0e-6}}
      - {{type: drop_path, name: stochastic_depth, rate: $rate}}
      - {{type: add, name: add, from: [stochastic_depth, input]}}
layers:
{body}
  - {{type: adaptive_avgpool, name: avgpool, output_size: 1}}
  - {{type: layernorm, name: classifier.0, eps: 1.0e-6}}
  - {{type: flatten, name: classifier.1}}
  - {{type: dense, name: classifier.2, units: 1000}}
""",
        )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="report stale specs, write nothing")
    arguments = parser.parse_args()
    stale = []
    written = []
    for writer in FAMILIES:
        for name, text in writer():
            written.append(name)
            path = ZOO / f"{name}.yaml"
            if path.exists() and path.read_text(encoding="utf-8") == text:
                continue
            stale.append(name)
            if not arguments.check:
                path.write_text(text, encoding="utf-8")
    # The catalog `convcalc zoo` lists: computed by the engine from the specs just written.
    from convcalc.commands.zoo import entry
    from convcalc.core.records import fields
    from convcalc.load.zoo import CATALOG

    # The catalog is the zoo's list of entries (convcalc.load.zoo.names): every spec on disk.
    present = sorted(name for name in written if (ZOO / f"{name}.yaml").exists())
    entries = [entry(name) for name in present]
    computed = {row.name: {f.name: getattr(row, f.name) for f in fields(row)} for row in entries}
    for row in computed.values():
        del row["name"]
    text = json.dumps(computed, indent=1, ensure_ascii=False) + "\n"
    catalog = ZOO / CATALOG
    if not (catalog.exists() and catalog.read_text(encoding="utf-8") == text):
        stale.append(CATALOG)
        if not arguments.check:
            catalog.write_text(text, encoding="utf-8")
    if arguments.check and stale:
        print("stale: " + ", ".join(stale), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())

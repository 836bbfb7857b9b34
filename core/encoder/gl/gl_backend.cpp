#include "encoder/gl/gl_backend.h"

#include "base/error.h"
#include "embedded_shaders.h"

#include <GL/glcorearb.h>

#include <algorithm>
#include <initializer_list>
#include <map>
#include <vector>

namespace es {

// The GL entry points the backend uses, resolved once through the loader.
#define ES_GL_FUNCTIONS(X)                                                                                          \
    X(PFNGLGETSTRINGPROC, GetString)                                                                                 \
    X(PFNGLGETINTEGERVPROC, GetIntegerv)                                                                             \
    X(PFNGLGETERRORPROC, GetError)                                                                                   \
    X(PFNGLFINISHPROC, Finish)                                                                                       \
    X(PFNGLCREATESHADERPROC, CreateShader)                                                                           \
    X(PFNGLSHADERSOURCEPROC, ShaderSource)                                                                           \
    X(PFNGLCOMPILESHADERPROC, CompileShader)                                                                         \
    X(PFNGLGETSHADERIVPROC, GetShaderiv)                                                                             \
    X(PFNGLGETSHADERINFOLOGPROC, GetShaderInfoLog)                                                                   \
    X(PFNGLDELETESHADERPROC, DeleteShader)                                                                           \
    X(PFNGLCREATEPROGRAMPROC, CreateProgram)                                                                         \
    X(PFNGLATTACHSHADERPROC, AttachShader)                                                                           \
    X(PFNGLLINKPROGRAMPROC, LinkProgram)                                                                             \
    X(PFNGLGETPROGRAMIVPROC, GetProgramiv)                                                                           \
    X(PFNGLGETPROGRAMINFOLOGPROC, GetProgramInfoLog)                                                                 \
    X(PFNGLDELETEPROGRAMPROC, DeleteProgram)                                                                         \
    X(PFNGLUSEPROGRAMPROC, UseProgram)                                                                               \
    X(PFNGLGETUNIFORMLOCATIONPROC, GetUniformLocation)                                                               \
    X(PFNGLUNIFORM1IPROC, Uniform1i)                                                                                 \
    X(PFNGLUNIFORM1FPROC, Uniform1f)                                                                                 \
    X(PFNGLGENBUFFERSPROC, GenBuffers)                                                                               \
    X(PFNGLDELETEBUFFERSPROC, DeleteBuffers)                                                                         \
    X(PFNGLBINDBUFFERPROC, BindBuffer)                                                                               \
    X(PFNGLBUFFERDATAPROC, BufferData)                                                                               \
    X(PFNGLBUFFERSUBDATAPROC, BufferSubData)                                                                         \
    X(PFNGLGETBUFFERSUBDATAPROC, GetBufferSubData)                                                                   \
    X(PFNGLCOPYBUFFERSUBDATAPROC, CopyBufferSubData)                                                                 \
    X(PFNGLBINDBUFFERBASEPROC, BindBufferBase)                                                                       \
    X(PFNGLDISPATCHCOMPUTEPROC, DispatchCompute)                                                                     \
    X(PFNGLMEMORYBARRIERPROC, MemoryBarrier)

struct GlBackend::Impl {
#define ES_DECLARE(type, name) type name = nullptr;
    ES_GL_FUNCTIONS(ES_DECLARE)
#undef ES_DECLARE
    std::string version, renderer;
    std::map<std::string, GLuint> programs;
    GLuint program = 0;  // the one in use

    // Makes a shader current and binds the buffers to its storage slots 0, 1, 2… in order.
    void use(const char* name, std::initializer_list<GLuint> buffers) {
        program = programs.at(name);
        UseProgram(program);
        GLuint slot = 0;
        for (GLuint b : buffers) BindBufferBase(GL_SHADER_STORAGE_BUFFER, slot++, b);
    }
    void set(const char* uniform, int v) { Uniform1i(GetUniformLocation(program, uniform), v); }
    void set(const char* uniform, float v) { Uniform1f(GetUniformLocation(program, uniform), v); }
    void dispatch(int64_t x, int64_t y = 1, int64_t z = 1) {
        const int64_t limit = 65535;
        if (x > limit || y > limit || z > limit) throw Error("gpu backend: a dispatch exceeds 65535 work groups");
        DispatchCompute(GLuint(std::max<int64_t>(x, 1)), GLuint(std::max<int64_t>(y, 1)), GLuint(std::max<int64_t>(z, 1)));
        MemoryBarrier(GL_SHADER_STORAGE_BARRIER_BIT | GL_BUFFER_UPDATE_BARRIER_BIT);
    }
};

namespace {

class GlTensor final : public DeviceTensor {
public:
    GlTensor(GlBackend::Impl& gl, int64_t rows, int64_t cols) : DeviceTensor(rows, cols), gl_(gl) {
        gl.GenBuffers(1, &buffer);
        gl.BindBuffer(GL_SHADER_STORAGE_BUFFER, buffer);
        gl.BufferData(GL_SHADER_STORAGE_BUFFER, GLsizeiptr(std::max<int64_t>(rows * cols, 1) * 4), nullptr,
                      GL_DYNAMIC_DRAW);
        if (gl.GetError() == GL_OUT_OF_MEMORY)
            throw Error("gpu backend: out of GPU memory for a " + std::to_string(rows) + " × " + std::to_string(cols) +
                        " tensor");
    }
    ~GlTensor() override { gl_.DeleteBuffers(1, &buffer); }
    GLuint buffer = 0;

private:
    GlBackend::Impl& gl_;
};

GLuint buf(const DeviceTensor& t) { return static_cast<const GlTensor&>(t).buffer; }

void require(bool ok, const char* op) {
    if (!ok) throw Error(std::string("gpu backend: ") + op + ": tensor shapes do not match");
}

int64_t groups(int64_t n, int64_t size) { return (n + size - 1) / size; }

// The uniforms both attention shaders take.
void set_attention_shape(GlBackend::Impl& gl, const AttentionShape& s) {
    gl.set("n", int(s.tokens));
    gl.set("heads", int(s.heads));
    gl.set("kv_heads", int(s.kv_heads));
    gl.set("head_dim", int(s.head_dim));
}

// Layer norm and RMS norm are one shader: rms drops the mean and beta.
void norm(GlBackend::Impl& gl, const DeviceTensor& x, const DeviceTensor& gamma, const DeviceTensor& beta, float eps,
          bool rms, DeviceTensor& y) {
    gl.use("norm", {buf(x), buf(gamma), buf(beta), buf(y)});
    gl.set("cols", int(x.cols()));
    gl.set("eps", eps);
    gl.set("rms", rms ? 1 : 0);
    gl.dispatch(x.rows());
}

} // namespace

bool is_software_renderer(const std::string& r) {
    return r.find("llvmpipe") != std::string::npos || r.find("softpipe") != std::string::npos ||
           r.find("swrast") != std::string::npos;
}

GlBackend::GlBackend(const Loader& load) : impl_(std::make_unique<Impl>()) {
    Impl& gl = *impl_;
#define ES_LOAD(type, name)                                                                                         \
    gl.name = reinterpret_cast<type>(load("gl" #name));                                                             \
    if (!gl.name) throw Error("gpu backend: the OpenGL context lacks gl" #name " (OpenGL 4.3 is needed)");
    ES_GL_FUNCTIONS(ES_LOAD)
#undef ES_LOAD
    GLint major = 0, minor = 0;
    gl.GetIntegerv(GL_MAJOR_VERSION, &major);
    gl.GetIntegerv(GL_MINOR_VERSION, &minor);
    auto str = [&](GLenum e) {
        const GLubyte* s = gl.GetString(e);
        return s ? std::string(reinterpret_cast<const char*>(s)) : std::string();
    };
    gl.version = str(GL_VERSION);
    gl.renderer = str(GL_RENDERER);
    if (major < 4 || (major == 4 && minor < 3))
        throw Error("gpu backend: compute shaders need OpenGL 4.3; this context offers " + std::to_string(major) + "." +
                    std::to_string(minor) + " (" + gl.renderer + ")");
    for (const auto& [name, source] : embedded_compute_shaders()) {
        GLuint sh = gl.CreateShader(GL_COMPUTE_SHADER);
        const char* src = source;
        gl.ShaderSource(sh, 1, &src, nullptr);
        gl.CompileShader(sh);
        // Throws with the info log when a compile or link step failed, deleting what it made.
        auto require_status = [&](GLuint id, GLint ok, auto info_log, auto destroy, const char* step) {
            if (ok) return;
            char log[2048] = {};
            info_log(id, sizeof log, nullptr, log);
            destroy(id);
            throw Error(std::string("shaders/") + name + ".comp: does not " + step + ": " + log);
        };
        GLint ok = 0;
        gl.GetShaderiv(sh, GL_COMPILE_STATUS, &ok);
        require_status(sh, ok, gl.GetShaderInfoLog, gl.DeleteShader, "compile");
        GLuint prog = gl.CreateProgram();
        gl.AttachShader(prog, sh);
        gl.LinkProgram(prog);
        gl.DeleteShader(sh);
        gl.GetProgramiv(prog, GL_LINK_STATUS, &ok);
        require_status(prog, ok, gl.GetProgramInfoLog, gl.DeleteProgram, "link");
        gl.programs[name] = prog;
    }
}

GlBackend::~GlBackend() {
    for (auto& [name, prog] : impl_->programs) impl_->DeleteProgram(prog);
}

std::string GlBackend::device() const { return "OpenGL " + impl_->version + ", " + impl_->renderer; }
bool GlBackend::software_renderer() const { return is_software_renderer(impl_->renderer); }

TensorPtr GlBackend::tensor(int64_t rows, int64_t cols) { return std::make_unique<GlTensor>(*impl_, rows, cols); }

void GlBackend::upload(DeviceTensor& t, const float* data) {
    impl_->BindBuffer(GL_SHADER_STORAGE_BUFFER, buf(t));
    impl_->BufferSubData(GL_SHADER_STORAGE_BUFFER, 0, GLsizeiptr(t.size() * 4), data);
}

void GlBackend::download(const DeviceTensor& t, float* data) {
    impl_->BindBuffer(GL_SHADER_STORAGE_BUFFER, buf(t));
    impl_->GetBufferSubData(GL_SHADER_STORAGE_BUFFER, 0, GLsizeiptr(t.size() * 4), data);
}

void GlBackend::linear(const DeviceTensor& x, const DeviceTensor& w, const DeviceTensor* b, DeviceTensor& y) {
    require(x.cols() == w.cols() && y.rows() == x.rows() && y.cols() == w.rows() && (!b || b->size() == w.rows()),
            "linear");
    Impl& gl = *impl_;
    gl.use("linear", {buf(x), buf(w), b ? buf(*b) : buf(w), buf(y)});
    gl.set("n", int(x.rows()));
    gl.set("in_dim", int(x.cols()));
    gl.set("out_dim", int(w.rows()));
    gl.set("has_bias", b ? 1 : 0);
    gl.dispatch(groups(w.rows(), 64), groups(x.rows(), 64));
}

void GlBackend::copy(const DeviceTensor& a, DeviceTensor& y) {
    require(a.rows() == y.rows() && a.cols() == y.cols(), "copy");
    Impl& gl = *impl_;
    gl.BindBuffer(GL_COPY_READ_BUFFER, buf(a));
    gl.BindBuffer(GL_COPY_WRITE_BUFFER, buf(y));
    gl.CopyBufferSubData(GL_COPY_READ_BUFFER, GL_COPY_WRITE_BUFFER, 0, 0, GLsizeiptr(a.size() * 4));
}

void GlBackend::add(const DeviceTensor& a, DeviceTensor& y) {
    require(a.rows() == y.rows() && a.cols() == y.cols(), "add");
    Impl& gl = *impl_;
    gl.use("add", {buf(a), buf(y)});
    gl.set("count", int(y.size()));
    gl.dispatch(groups(y.size(), 256));
}

void GlBackend::layer_norm(const DeviceTensor& x, const DeviceTensor& gamma, const DeviceTensor& beta, float eps,
                           DeviceTensor& y) {
    require(gamma.size() == x.cols() && beta.size() == x.cols() && y.rows() == x.rows() && y.cols() == x.cols(),
            "layer_norm");
    norm(*impl_, x, gamma, beta, eps, false, y);
}

void GlBackend::rms_norm(const DeviceTensor& x, const DeviceTensor& gamma, float eps, DeviceTensor& y) {
    require(gamma.size() == x.cols() && y.rows() == x.rows() && y.cols() == x.cols(), "rms_norm");
    norm(*impl_, x, gamma, gamma, eps, true, y);  // the shader reads no beta when rms is set
}

void GlBackend::gelu(DeviceTensor& x, Gelu kind) {
    Impl& gl = *impl_;
    gl.use("gelu", {buf(x)});
    gl.set("count", int(x.size()));
    gl.set("use_tanh", kind == Gelu::Tanh ? 1 : 0);
    gl.dispatch(groups(x.size(), 256));
}

void GlBackend::silu_mul(const DeviceTensor& gate, DeviceTensor& up) {
    require(gate.rows() == up.rows() && gate.cols() == up.cols(), "silu_mul");
    Impl& gl = *impl_;
    gl.use("silu_mul", {buf(gate), buf(up)});
    gl.set("count", int(up.size()));
    gl.dispatch(groups(up.size(), 256));
}

void GlBackend::rope(DeviceTensor& x, int64_t heads, const DeviceTensor& cos, const DeviceTensor& sin) {
    const int64_t half = cos.cols();
    require(cos.rows() == x.rows() && sin.rows() == x.rows() && sin.cols() == half && x.cols() == heads * 2 * half,
            "rope");
    Impl& gl = *impl_;
    gl.use("rope", {buf(x), buf(cos), buf(sin)});
    gl.set("rows", int(x.rows()));
    gl.set("heads", int(heads));
    gl.set("half_dim", int(half));
    gl.dispatch(groups(half, 64), heads, x.rows());
}

void GlBackend::attention_scores(const DeviceTensor& q, const DeviceTensor& k, const AttentionShape& s,
                                 DeviceTensor& scores) {
    const int64_t n = s.tokens, hd = s.head_dim;
    require(q.rows() == n && k.rows() == n && q.cols() == s.heads * hd && k.cols() == s.kv_heads * hd &&
                scores.rows() == s.heads * n && scores.cols() == n,
            "attention_scores");
    Impl& gl = *impl_;
    gl.use("attention_scores", {buf(q), buf(k), buf(scores)});
    set_attention_shape(gl, s);
    gl.set("scale", s.scale);
    gl.set("causal", s.causal ? 1 : 0);
    gl.dispatch(groups(n, 16), groups(n, 16), s.heads);
}

void GlBackend::softmax_rows(DeviceTensor& x) {
    Impl& gl = *impl_;
    gl.use("softmax_rows", {buf(x)});
    gl.set("cols", int(x.cols()));
    gl.dispatch(x.rows());
}

void GlBackend::attention_context(const DeviceTensor& probs, const DeviceTensor& v, const AttentionShape& s,
                                  DeviceTensor& out) {
    const int64_t n = s.tokens, hd = s.head_dim;
    require(probs.rows() == s.heads * n && probs.cols() == n && v.rows() == n && v.cols() == s.kv_heads * hd &&
                out.rows() == n && out.cols() == s.heads * hd,
            "attention_context");
    Impl& gl = *impl_;
    gl.use("attention_context", {buf(probs), buf(v), buf(out)});
    set_attention_shape(gl, s);
    gl.dispatch(groups(hd, 16), groups(n, 16), s.heads);
}

void GlBackend::finish() { impl_->Finish(); }

} // namespace es

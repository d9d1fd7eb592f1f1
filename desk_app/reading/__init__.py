"""Reading files a clerk hands the program into domain issues: exchange JSON, past bulletins (.docx, PDF text).

No Qt and no database here: a file is recognised into an Issue (or refused) first; storing it is
the caller's business (services, the GUI's import workflow).
"""
